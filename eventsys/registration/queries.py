"""The statements a registration runs every time, built once with their values as parameters.

Registration opening runs these hundreds of times a second; putting the same SELECT together again
for each request (coercing every column and clause) cost more Python than running it. Built on
first use, so the models' mappers are configured by then.
"""

from __future__ import annotations

import functools

from sqlalchemy import bindparam, func, select

from eventsys.events.models import Event
from eventsys.registration.models import CategoryCapacity, Question, Registration, RegistrationStatus


@functools.cache
def published_event_by_slug():
    return select(Event).where(Event.slug == bindparam("slug"), Event.is_published.is_(True))


@functools.cache
def questions_of_event():
    return select(Question).where(Question.event_id == bindparam("event_id")).order_by(Question.position, Question.id)


@functools.cache
def registration_by_email():
    return select(Registration).where(
        Registration.event_id == bindparam("event_id"), Registration.email == bindparam("email")
    )


@functools.cache
def confirmed_by_category():
    return (
        select(Registration.category, func.count())
        .where(Registration.event_id == bindparam("event_id"), Registration.status == RegistrationStatus.CONFIRMED)
        .group_by(Registration.category)
    )


@functools.cache
def category_capacities():
    return select(CategoryCapacity).where(CategoryCapacity.event_id == bindparam("event_id"))
