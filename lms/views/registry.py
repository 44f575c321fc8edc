"""The public registry of endorsed professionals. Open to everyone, so it shows only
what people agreed to show: never an e-mail address."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..exports import registry_rows
from ..forms.records import RegistryFilterForm
from ..selectors import registry_listings

LISTINGS_PER_PAGE = 25


@require_safe
def registry(request):
    form = RegistryFilterForm(request.GET)
    filters = form.filters()
    page = Paginator(registry_listings(**filters), LISTINGS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "lms/registry.html",
        {
            "form": form,
            "page": page,
            "listings": registry_rows(page.object_list),
            "is_filtered": any(filters.values()),
        },
    )
