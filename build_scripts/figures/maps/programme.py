"""Which LSGs take part in a programme, coloured by their combination of roles."""

from __future__ import annotations

from build_scripts.derive.regional import ROLE_ORDER, programme_roles, role_counts
from build_scripts.figures.maps.context import Drawing, MapContext, MapSpec
from build_scripts.figures.maps.style import LEGEND_SLOTS, OKABE_ITO, OUTSIDE, outlined
from build_scripts.i18n import Translator
from build_scripts.translit import fold

Roles = dict[str, tuple[str, ...]]  # LSG code -> its roles


def _combinations(roles: Roles) -> tuple[Roles, list[tuple[str, ...]]]:
    """The colour of an LSG is its combination of roles; when there are too many
    combinations for the legend, its first role only. Returns what each LSG is shown as,
    and the combinations in legend order."""
    shown = dict(roles)
    combos = sorted(set(shown.values()), key=lambda r: [ROLE_ORDER.index(x) for x in r])
    if len(combos) > LEGEND_SLOTS - 2:
        shown = {c: r[:1] for c, r in roles.items()}
        combos = sorted(set(shown.values()), key=lambda r: ROLE_ORDER.index(r[0]))
    return shown, combos


def _full(tr: Translator, combo: tuple[str, ...]) -> str:
    return ", ".join(tr.t("role." + r) for r in combo)


def _drawing(ctx: MapContext, tr: Translator, roles: Roles) -> Drawing:
    shown, combos = _combinations(roles)
    out = tr.t("map.programme.out")
    entries = [
        (
            f"p{i}",
            " + ".join(tr.t("map.role." + r) for r in combo),
            sum(1 for r in shown.values() if r == combo),
        )
        for i, combo in enumerate(combos)
    ]
    entries.append(("out", out, len(ctx.codes) - len(roles)))
    classes = [[f"p{i}", outlined(OKABE_ITO[i % len(OKABE_ITO)])] for i in range(len(combos))]
    classes.append(["out", f"fill:{OUTSIDE}"])
    regions = {
        c: (
            ctx.region_title(tr, c, _full(tr, roles[c]) if c in roles else out),
            f"p{combos.index(shown[c])}" if c in roles else "out",
        )
        for c in ctx.codes
    }
    return Drawing(
        heading=tr.t("map.programme.heading"),
        legend=ctx.legend(tr, entries),
        classes=classes,
        regions=regions,
        on_top=frozenset(roles),
    )


def _alt(ctx: MapContext, tr: Translator, roles: Roles, name: str) -> str:
    if not roles:
        return tr.t("map.programme.alt.none", name=name)
    per_role = [
        tr.t("map.programme.role_count", role=tr.t("role." + role), count=tr.number(k))
        for role, k in role_counts(roles).items()
    ]
    alt = tr.t(
        "map.programme.alt",
        name=name,
        n=tr.number(len(roles)),
        roles=ctx.join(tr, per_role),
    )
    if any(len(r) > 1 for r in roles.values()):
        alt += " " + tr.t("map.programme.alt.several")
    if len(roles) <= 10:
        names = sorted((ctx.name(tr, c) for c in roles), key=fold)
        alt += " " + tr.t("map.programme.alt.names", names=ctx.join(tr, names))
    return alt


def spec(ctx: MapContext, code: str, tr: Translator) -> MapSpec:
    programmes = ctx.data.programmes.set_index("code", drop=False)
    if code not in programmes.index:
        raise KeyError(f"unknown programme {code!r}")
    name = tr.pick(programmes.loc[code], "name")
    roles = programme_roles(ctx.data.programme_lsg, ctx.lsgs, code)
    shown, combos = _combinations(roles)
    order = sorted(roles, key=lambda c: (combos.index(shown[c]), fold(ctx.lsgs[c]["name_lat"])))
    table = ctx.lsg_table(
        tr,
        order,
        columns=[tr.t("field.role")],
        csv_header=["roles"],
        cells=lambda c: [_full(tr, roles[c])],
        raw=lambda c: [";".join(roles[c])],
    )
    return ctx.region_map(
        tr,
        f"map-programme-{code}",
        title=tr.t("map.programme.title", name=name),
        alt=_alt(ctx, tr, roles, name),
        drawing=_drawing(ctx, tr, roles),
        table=table,
        tables=["programmes", "programme_lsg", "lsg"],
    )
