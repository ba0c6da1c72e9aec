"""Pages of the reports area: reading a summit report (page, PDF) and the editor's workbench."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eventsys.accounts.permissions import permission_required, public
from eventsys.db import db
from eventsys.i18n import current_language
from eventsys.reports import permissions, services
from eventsys.reports.forms import CiteForm, ItemTextForm, ReportForm, SectionForm
from eventsys.reports.models import ReportItem, ReportSection
from eventsys.reports.pdf import report_pdf

bp = Blueprint("reports", __name__)

REPORT_FIELDS = ("title_en", "title_th", "target_en", "target_th", "target_date", "introduction_en", "introduction_th")


def _report_or_404(slug: str):
    try:
        return services.get_report(slug, current_user)
    except services.ReportNotFound:
        abort(404)


@bp.get("/reports")
@public
def report_list():
    return render_template(
        "reports/list.html",
        reports=services.list_reports(current_user),
        can_create=permissions.can_create(current_user),
    )


@bp.get("/reports/<slug>")
@public
def report_page(slug: str):
    report = _report_or_404(slug)
    return render_template(
        "reports/report.html",
        report=report,
        sections=services.cited_items(report),
        can_edit=permissions.can_edit(current_user, report),
    )


@bp.get("/reports/<slug>.pdf")
@public
def report_pdf_download(slug: str):
    report = _report_or_404(slug)
    # The reader's language as every page picks it: ?lang=, then the saved choice, then the browser's.
    language = current_language()
    return Response(
        report_pdf(report, language),
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="{report.slug}.pdf"',
            "Content-Language": language,
            "Vary": "Cookie, Accept-Language",
        },
    )


@bp.route("/manage/reports/new", methods=["GET", "POST"])
@permission_required(permissions.may_create)
def new_report():
    form = ReportForm()
    if form.validate_on_submit():
        try:
            report = services.create_report(
                current_user, slug=form.slug.data, **{f: getattr(form, f).data for f in REPORT_FIELDS}
            )
        except services.ReportError as error:
            form.slug.errors.append(str(error))
        else:
            flash(_("Report created. Add sections and cite outcomes."), "success")
            return redirect(url_for("reports.edit_report", slug=report.slug))
    return render_template("reports/new.html", form=form), 400 if form.errors else 200


def _workbench(report, status=200, **forms):
    outcomes = services.citable_outcomes(report)
    choices = []
    whole = _("whole outcome")
    for outcome in outcomes:
        prefix = f"{outcome.session.event.title_en} · {outcome.session.title_en}"
        choices.append((str(outcome.id), f"{prefix}: {whole}"))
        for rec in outcome.approved_version.content.get("recommendations", []):
            choices.append((f"{outcome.id}:{rec['id']}", f"{prefix}: {rec['text_en'][:90]}"))
    cite_form = forms.pop("cite_form", None) or CiteForm()
    cite_form.source.choices = choices
    return render_template(
        "reports/edit.html",
        report=report,
        sections=services.cited_items(report),
        form=forms.pop("form", None) or ReportForm(obj=report),
        section_form=forms.pop("section_form", None) or SectionForm(),
        cite_form=cite_form,
        item_form=ItemTextForm(),
        can_publish=permissions.can_publish(current_user, report),
    ), status


@bp.route("/manage/reports/<slug>", methods=["GET", "POST"])
@permission_required(permissions.may_edit)
def edit_report(slug: str):
    report = _report_or_404(slug)
    if request.method == "GET":
        return _workbench(report)
    form = ReportForm()
    form.slug.data = report.slug
    if form.validate_on_submit():
        try:
            services.update_report(current_user, report, **{f: getattr(form, f).data for f in REPORT_FIELDS})
        except services.ReportError as error:
            flash(str(error), "danger")
            return _workbench(report, 400, form=form)
        flash(_("Report saved."), "success")
        return redirect(url_for("reports.edit_report", slug=report.slug))
    return _workbench(report, 400, form=form)


@bp.post("/manage/reports/<slug>/publish")
@permission_required(permissions.may_publish)
def publish(slug: str):
    report = _report_or_404(slug)
    publish_it = request.form.get("publish") == "1"
    if publish_it and request.form.get("confirm") != "y":
        # Publishing puts the report before the public and the summit: its publisher says so first.
        flash(_("Tick “Publish it for everyone to read” to publish the report."), "warning")
        return redirect(url_for("reports.edit_report", slug=report.slug))
    services.set_published(current_user, report, publish_it)
    flash(_("Report published.") if publish_it else _("Report withdrawn from the public."), "success")
    return redirect(url_for("reports.edit_report", slug=report.slug))


@bp.post("/manage/reports/<slug>/sections")
@permission_required(permissions.may_edit)
def add_section(slug: str):
    report = _report_or_404(slug)
    form = SectionForm()
    if not form.validate_on_submit():
        return _workbench(report, 400, section_form=form)
    services.add_section(
        current_user, report, form.title_en.data, form.title_th.data, form.text_en.data, form.text_th.data
    )
    flash(_("Section added."), "success")
    return redirect(url_for("reports.edit_report", slug=report.slug))


def _section(report, section_id: int) -> ReportSection:
    section = db.session.get(ReportSection, section_id)
    if section is None or section.report_id != report.id:
        abort(404)
    return section


@bp.post("/manage/reports/<slug>/sections/<int:section_id>/<action>")
@permission_required(permissions.may_edit)
def section_action(slug: str, section_id: int, action: str):
    report = _report_or_404(slug)
    section = _section(report, section_id)
    if action in ("up", "down"):
        services.move_section(current_user, section, -1 if action == "up" else 1)
    elif action == "delete":
        services.delete_section(current_user, section)
        flash(_("Section removed."), "success")
    elif action == "edit":
        form = SectionForm()
        if not form.validate_on_submit():
            flash(_("A section needs an English title."), "danger")
        else:
            services.update_section(
                current_user,
                section,
                title_en=form.title_en.data,
                title_th=form.title_th.data,
                text_en=form.text_en.data,
                text_th=form.text_th.data,
            )
            flash(_("Section saved."), "success")
    elif action == "cite":
        return _cite(report, section)
    else:
        abort(404)
    return redirect(url_for("reports.edit_report", slug=report.slug, _anchor=f"section-{section.id}"))


def _cite(report, section):
    form = CiteForm()
    outcome_id, _sep, recommendation_id = (form.source.data or "").partition(":")
    if not outcome_id.isdigit():
        flash(_("Choose an approved outcome or recommendation."), "danger")
        return redirect(url_for("reports.edit_report", slug=report.slug))
    try:
        services.cite(
            current_user,
            section,
            int(outcome_id),
            recommendation_id or None,
            form.connecting_en.data,
            form.connecting_th.data,
        )
    except services.ReportError as error:
        flash(str(error), "danger")
    else:
        flash(_("Cited."), "success")
    return redirect(url_for("reports.edit_report", slug=report.slug, _anchor=f"section-{section.id}"))


@bp.post("/manage/reports/<slug>/items/<int:item_id>/<action>")
@permission_required(permissions.may_edit)
def item_action(slug: str, item_id: int, action: str):
    report = _report_or_404(slug)
    item = db.session.get(ReportItem, item_id)
    if item is None or item.section.report_id != report.id:
        abort(404)
    try:
        if action in ("up", "down"):
            services.move_item(current_user, item, -1 if action == "up" else 1)
        elif action == "remove":
            services.remove_item(current_user, item)
            flash(_("Removed from the report."), "success")
        elif action == "update-citation":
            services.update_citation(current_user, item)
            flash(_("The citation now quotes the latest approved version."), "success")
        elif action == "text":
            form = ItemTextForm()
            services.update_item(current_user, item, form.connecting_en.data, form.connecting_th.data)
            flash(_("Connecting text saved."), "success")
        else:
            abort(404)
    except services.ReportError as error:
        flash(str(error), "danger")
    return redirect(url_for("reports.edit_report", slug=report.slug))
