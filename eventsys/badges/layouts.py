"""Badge sizes and sheets: where each badge sits on a printed page, in millimetres."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

A4 = (210.0, 297.0)
A6 = (105.0, 148.0)
A7 = (74.0, 105.0)
ID1 = (53.98, 85.6)  # ISO/IEC 7810 ID-1 (credit card), portrait


@dataclass(frozen=True)
class Layout:
    name: str
    label: str
    page_width: float
    page_height: float
    badge_width: float
    badge_height: float
    columns: int = 1
    rows: int = 1
    margin_top: float = 0.0
    margin_left: float = 0.0
    gap: float = 0.0

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    @property
    def multi_up(self) -> bool:
        return self.per_page > 1

    @property
    def scale(self) -> float:
        """Type and QR scale relative to the A6 design."""
        return self.badge_width / A6[0]

    def position(self, index_on_page: int) -> tuple[float, float]:
        """(left, top) in mm of the badge at this place on its sheet, row by row."""
        row, column = divmod(index_on_page, self.columns)
        return (
            self.margin_left + column * (self.badge_width + self.gap),
            self.margin_top + row * (self.badge_height + self.gap),
        )


def built_in_layouts() -> dict[str, Layout]:
    return {
        layout.name: layout
        for layout in (
            Layout("a6-4up", _l("A6 badges, 4 on an A4 sheet"), *A4, *A6, columns=2, rows=2),
            Layout("a6", _l("A6 badge, one per page"), *A6, *A6),
            # Eight portrait A7 badges fill an A4 sheet turned landscape (4 x 74 mm by 2 x 105 mm).
            Layout(
                "a7-8up",
                _l("A7 badges, 8 on an A4 sheet (landscape)"),
                A4[1],
                A4[0],
                *A7,
                columns=4,
                rows=2,
                margin_left=2.5,
            ),
            Layout("a7", _l("A7 badge, one per page"), *A7, *A7),
            Layout("id1", _l("ID-1 card (credit-card size), one per page"), *ID1, *ID1),
            Layout(
                "id1-9up",
                _l("ID-1 cards, 9 on an A4 sheet"),
                *A4,
                *ID1,
                columns=3,
                rows=3,
                margin_top=16.4,
                margin_left=21.0,
                gap=3.0,
            ),
        )
    }


LAYOUT_NAMES = ("a6-4up", "a6", "a7-8up", "a7", "id1", "id1-9up", "label")


class UnknownLayout(ValueError):
    pass


def label_layout(design) -> Layout:
    """Label stock as the event's design describes it (grid, label size and margins)."""
    return Layout(
        "label",
        str(_l("Label sheet (A4, the grid set in the design)")),
        *A4,
        float(design.label_width_mm),
        float(design.label_height_mm),
        columns=design.label_columns,
        rows=design.label_rows,
        margin_top=float(design.margin_top_mm),
        margin_left=float(design.margin_left_mm),
        gap=float(design.gap_mm),
    )


def get_layout(name: str, design=None) -> Layout:
    if name == "label":
        if design is None:
            raise UnknownLayout("The label layout needs the event's badge design.")
        return label_layout(design)
    layouts = built_in_layouts()
    if name not in layouts:
        raise UnknownLayout(f"Unknown badge layout {name!r}; choose one of: {', '.join(LAYOUT_NAMES)}.")
    return layouts[name]


def layout_choices(design=None) -> list[tuple[str, str]]:
    choices = [(layout.name, str(layout.label)) for layout in built_in_layouts().values()]
    choices.append(("label", str(_l("Label sheet (A4, the grid set in the design)"))))
    return choices
