"""Template tags for GOV.UK Frontend components and the form layer: {% load govuk %}.

See docs/ui.md for one-line examples of each.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import template
from django.forms import BaseForm
from django.forms.boundfield import BoundField
from django.template.base import FilterExpression, NodeList, Parser, Token, token_kwargs
from django.template.context import Context
from django.utils.safestring import SafeString

from cepathway.ui import glossary
from cepathway.ui.components import TAG_COLOURS, SummaryRow, Table
from cepathway.ui.forms import FieldView, page_order, revealed_names

register = template.Library()


# Forms ------------------------------------------------------------------------------------------------------


@register.simple_tag
def govuk_field(field: BoundField, size: str = "") -> SafeString:
    """One field as a GOV.UK form group; `size` ("s", "m", "l", "xl") sizes its label or legend."""
    return field.render(context={"field": field, "size": size})


@register.simple_tag
def govuk_field_view(field: BoundField, size: str = "") -> FieldView:
    """Used by ui/forms/field.html to give the field templates what they need."""
    return FieldView(field, size)


@register.simple_tag
def top_level_fields(form: BaseForm) -> list[BoundField]:
    """The visible fields `{{ form }}` draws itself: those another field reveals are drawn inside it."""
    inside = revealed_names(form)
    return [field for field in form.visible_fields() if field.name not in inside]


@dataclass(frozen=True)
class SummaryError:
    text: str
    href: str = ""


@register.inclusion_tag("ui/components/error_summary.html")
def error_summary(*forms: Any) -> dict[str, Any]:
    """The GOV.UK error summary for one or more forms (or lists of forms); nothing when none has errors."""
    return {"errors": [error for form in _forms(forms) for error in _summary_errors(form)]}


@register.simple_tag(takes_context=True)
def error_title_prefix(context: Context) -> str:
    """ "Error: " when the page's `form`, or any form in its `forms`, has errors."""
    return "Error: " if _page_has_errors(context) else ""


def _page_has_errors(context: Context) -> bool:
    return any(form.errors for form in _forms([context.get("form"), context.get("forms")]))


def _forms(values: Iterable[Any]) -> list[BaseForm]:
    found: list[BaseForm] = []
    for value in values:
        if isinstance(value, BaseForm):
            found.append(value)
        elif isinstance(value, list | tuple):
            found.extend(_forms(value))
    return found


def _summary_errors(form: BaseForm) -> list[SummaryError]:
    """Errors about the whole form first, then one per field in the order the page shows the fields
    (whichever order the form, or a service's RuleError, added them in)."""
    errors = [SummaryError(str(message)) for message in form.non_field_errors()]
    for field in form.hidden_fields():
        errors += [SummaryError(f"(Hidden field {field.name}) {message}") for message in field.errors]
    for field in page_order(form):
        if field.errors:
            view = FieldView(field)
            errors.append(SummaryError(view.error, f"#{view.target_id}"))
    return errors


# Components -------------------------------------------------------------------------------------------------


@register.inclusion_tag("ui/components/tag.html")
def govuk_tag(text: Any, colour: str = "blue") -> dict[str, Any]:
    if colour not in TAG_COLOURS:
        raise template.TemplateSyntaxError(f"govuk_tag: unknown colour {colour!r}; use one of {sorted(TAG_COLOURS)}")
    return {"text": text, "colour": "" if colour == "blue" else colour}


@register.inclusion_tag("ui/components/warning_text.html")
def govuk_warning_text(text: Any) -> dict[str, Any]:
    return {"text": text}


@register.inclusion_tag("ui/components/back_link.html")
def govuk_back_link(href: str, text: str = "Back") -> dict[str, Any]:
    return {"href": href, "text": text}


@register.inclusion_tag("ui/components/button.html")
def govuk_button(text: Any, href: str = "", variant: str = "", name: str = "", value: str = "") -> dict[str, Any]:
    """A submit button, or with `href` a link that looks like one. `variant`: "secondary", "warning" or "inverse"."""
    return {"text": text, "href": href, "variant": variant, "name": name, "value": value}


@register.inclusion_tag("ui/components/summary_list.html")
def govuk_summary_list(rows: Iterable[SummaryRow]) -> dict[str, Any]:
    rows = list(rows)
    return {"rows": rows, "any_actions": any(row.actions for row in rows)}


@register.inclusion_tag("ui/components/table.html")
def govuk_table(table: Table) -> dict[str, Any]:
    return {"table": table}


@register.inclusion_tag("ui/includes/messages.html", takes_context=True)
def messages_banner(context: Context) -> dict[str, Any]:
    """Django's messages as one notification banner (GOV.UK: one banner a page): green if all are successes.

    A success banner takes focus, unless the page has errors: then the error summary must keep it.
    """
    messages = list(context.get("messages") or ())
    all_success = bool(messages) and all(message.level_tag == "success" for message in messages)
    return {"messages": messages, "type": "success" if all_success else "", "autofocus": not _page_has_errors(context)}


class ContentNode(template.Node):
    """A block tag whose content is HTML written in the template, drawn inside a component's template."""

    def __init__(self, template_name: str, nodelist: NodeList, kwargs: dict[str, FilterExpression]) -> None:
        self.template_name = template_name
        self.nodelist = nodelist
        self.kwargs = kwargs

    def render(self, context: Context) -> SafeString:
        values = {name: value.resolve(context) for name, value in self.kwargs.items()}
        values["content"] = self.nodelist.render(context)
        assert context.template is not None  # always set while a template renders
        component = context.template.engine.get_template(self.template_name)
        return component.render(context.new(values))


def content_tag(name: str, template_name: str) -> None:
    """Register {% name key=value ... %}content{% endname %}."""

    def compile_tag(parser: Parser, token: Token) -> ContentNode:
        bits = token.split_contents()[1:]
        kwargs = token_kwargs(bits, parser)
        if bits:
            raise template.TemplateSyntaxError(f"{name} takes only name=value arguments")
        nodelist = parser.parse((f"end{name}",))
        parser.delete_first_token()
        return ContentNode(template_name, nodelist, kwargs)

    register.tag(name, compile_tag)


class SpellOutNode(template.Node):
    """{% spell_out_terms %}…{% endspell_out_terms %}: the first use of each glossary term in the content
    is spelled out (see cepathway.ui.glossary)."""

    def __init__(self, nodelist: NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: Context) -> SafeString:
        return glossary.spell_out_first(self.nodelist.render(context))


@register.tag
def spell_out_terms(parser: Parser, token: Token) -> SpellOutNode:
    nodelist = parser.parse(("endspell_out_terms",))
    parser.delete_first_token()
    return SpellOutNode(nodelist)


content_tag("govuk_details", "ui/components/details.html")  # summary="...", open=True
content_tag("govuk_inset_text", "ui/components/inset_text.html")
content_tag("govuk_notification_banner", "ui/components/notification_banner.html")  # type="success", title="..."
content_tag("table_scroll", "ui/components/table_scroll.html")  # label="..." (unique on the page)


# Lists (cepathway.ui.listing) -------------------------------------------------------------------------------


@register.inclusion_tag("ui/components/sortable_header.html")
def sortable_header(listing: Any, key: str, numeric: bool = False) -> dict[str, Any]:
    """A column heading that sorts the list by `key` (a Sort the view gave the listing)."""
    return {"header": listing.headers[key], "numeric": numeric}


@register.inclusion_tag("ui/components/pagination.html")
def govuk_pagination(listing: Any, label: str = "Pages") -> dict[str, Any]:
    """GOV.UK pagination for a listing (Previous and Next); nothing when everything fits on one page."""
    return {"listing": listing, "label": label}


@register.inclusion_tag("ui/components/error_summary.html")
def listing_errors(*listings: Any) -> dict[str, Any]:
    """The error summary for what the address asked of one or more lists that they do not offer."""
    return {"errors": [SummaryError(text) for listing in listings for text in listing.errors]}
