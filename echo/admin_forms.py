"""Forms of the ECHO admin. Dates and times are entered in the series' own time
zone (named on every form) and turned into aware datetimes here; the services
decide everything else."""

import datetime
import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.documents.widgets import AdminDocumentChooser

from lms.validators import validate_text_upload

from .choices import AttendanceStatus

REASON_MAX = 500
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


class LocalStartForm(forms.Form):
    """A date, a start time and a length, read in the series' time zone."""

    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    start_time = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    duration_minutes = forms.IntegerField(
        label=_("Length (minutes)"), min_value=15, max_value=480
    )

    def __init__(self, *args, series, **kwargs):
        super().__init__(*args, **kwargs)
        self.series = series
        self.fields["start_time"].help_text = _(
            "In the series' time zone, %(zone)s."
        ) % {"zone": series.time_zone}

    def starts_at(self) -> datetime.datetime:
        zone = zoneinfo.ZoneInfo(self.series.time_zone)
        wall = datetime.datetime.combine(
            self.cleaned_data["date"], self.cleaned_data["start_time"], tzinfo=zone
        )
        return wall.astimezone(datetime.UTC)

    def ends_at(self) -> datetime.datetime:
        return self.starts_at() + datetime.timedelta(
            minutes=self.cleaned_data["duration_minutes"]
        )


class SessionAddForm(LocalStartForm):
    topic = forms.CharField(label=_("Didactic topic"), max_length=200, required=False)
    presenter = forms.CharField(label=_("Presenter"), max_length=200, required=False)


class SessionRescheduleForm(LocalStartForm):
    pass


class SessionDetailsForm(forms.Form):
    topic = forms.CharField(label=_("Didactic topic"), max_length=200, required=False)
    presenter = forms.CharField(label=_("Presenter"), max_length=200, required=False)
    materials_url = forms.URLField(
        label=_("Materials link"),
        max_length=500,
        required=False,
        assume_scheme="https",
    )
    materials_document = forms.ModelChoiceField(
        label=_("Materials file"),
        queryset=None,
        required=False,
        widget=AdminDocumentChooser,
    )
    recording_url = forms.URLField(
        label=_("Recording link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Shown only to registered participants."),
    )

    def __init__(self, *args, **kwargs):
        from wagtail.documents import get_document_model

        super().__init__(*args, **kwargs)
        self.fields["materials_document"].queryset = get_document_model().objects.all()


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give a reason.")},
    )

    def __init__(self, *args, label=None, help_text="", required_message=None, **kw):
        super().__init__(*args, **kw)
        field = self.fields["reason"]
        if label:
            field.label = label
        field.help_text = help_text
        if required_message:
            field.error_messages["required"] = required_message


class RosterForm(forms.Form):
    """One status and one minutes field per person on the roster, and the reason
    for the change. Only rows that differ from what is recorded are changes."""

    NOT_MARKED = ""

    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=REASON_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Required when you change attendance that was already recorded. Kept "
            "with your name in the history below."
        ),
    )

    def __init__(self, *args, rows, duration_minutes: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.duration_minutes = duration_minutes
        choices = self.status_choices()
        for row in rows:
            learner_id = row.learner.pk
            name = row.learner.get_full_name() or row.learner.email
            self.fields[f"status_{learner_id}"] = forms.ChoiceField(
                label=_("Attendance of %(name)s") % {"name": name},
                choices=choices,
                required=False,
                initial=row.status or self.NOT_MARKED,
            )
            self.fields[f"minutes_{learner_id}"] = forms.IntegerField(
                label=_("Minutes attended by %(name)s") % {"name": name},
                min_value=0,
                max_value=duration_minutes,
                required=False,
                initial=row.minutes if row.status else None,
            )

    def status_choices(self):
        choices = [(self.NOT_MARKED, _("Not marked")), *AttendanceStatus.choices]
        return [(value, str(label)) for value, label in choices]

    def bound_rows(self):
        """(row, status cell, minutes cell): what the template needs to write each
        row's two inputs as plain markup. Rendering them as widgets through Django's
        form renderer cost about 3 ms a person, a second for a 300-person roster."""
        for row in self.rows:
            yield (
                row,
                self._cell(f"status_{row.learner.pk}"),
                self._cell(f"minutes_{row.learner.pk}"),
            )

    def _cell(self, name):
        bound = self[name]
        value = bound.value()
        return {
            "name": bound.html_name,
            "id": bound.auto_id,
            "label": bound.label,
            "value": "" if value is None else str(value),
            "errors": bound.errors,
        }

    def clean(self):
        cleaned = super().clean()
        changes = []
        changes_existing = False
        for row in self.rows:
            learner_id = row.learner.pk
            status = cleaned.get(f"status_{learner_id}")
            minutes = cleaned.get(f"minutes_{learner_id}")
            if status is None:
                continue  # the field has its own error
            if status == self.NOT_MARKED:
                if row.status:
                    self.add_error(
                        f"status_{learner_id}",
                        _("Attendance once recorded cannot be unmarked; set absent."),
                    )
                continue
            if minutes is None:
                if status == AttendanceStatus.PRESENT:
                    minutes = self.duration_minutes
                elif status == AttendanceStatus.ABSENT:
                    minutes = 0
                else:
                    self.add_error(
                        f"minutes_{learner_id}",
                        _("Say how many minutes they attended."),
                    )
                    continue
            if status == AttendanceStatus.ABSENT and minutes:
                self.add_error(
                    f"minutes_{learner_id}",
                    _("Someone absent attended 0 minutes."),
                )
                continue
            if row.status == status and row.minutes == minutes:
                continue
            if row.status:
                changes_existing = True
            changes.append((learner_id, status, minutes))
        if changes_existing and not (cleaned.get("reason") or "").strip():
            self.add_error(
                "reason",
                _("Say why you are changing attendance that was already recorded."),
            )
        cleaned["changes"] = changes
        return cleaned


class ImportUploadForm(forms.Form):
    report = forms.FileField(
        label=_("Participant report (CSV)"),
        help_text=_(
            "The participant report of this meeting as downloaded from the video "
            "meeting service, either one row per join or one row per participant."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        error_messages={"required": _("Choose the report file to upload.")},
    )

    def clean_report(self):
        report = self.cleaned_data["report"]
        validate_text_upload(
            report,
            extensions=("csv",),
            max_bytes=MAX_UPLOAD_BYTES,
            what=_("the report"),
        )
        return report


class RowLinkForm(forms.Form):
    learner = forms.TypedChoiceField(
        label=_("Registered learner"),
        coerce=int,
        error_messages={"required": _("Choose the learner this row belongs to.")},
    )
    note = forms.CharField(label=_("Note"), max_length=REASON_MAX, required=False)

    def __init__(self, *args, learner_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["learner"].choices = [("", _("Choose…")), *learner_choices]


class RowDismissForm(forms.Form):
    reason = forms.CharField(
        label=_("Why dismiss this row"),
        max_length=REASON_MAX,
        error_messages={"required": _("Say why this row is dismissed.")},
    )


class CaseScheduleForm(forms.Form):
    session = forms.TypedChoiceField(
        label=_("Session"),
        coerce=int,
        error_messages={"required": _("Choose the session it is presented in.")},
    )

    def __init__(self, *args, session_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = [("", _("Choose…")), *session_choices]


class CaseRecommendationsForm(forms.Form):
    recommendations = forms.CharField(
        label=_("Recommendations"),
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Sent to the presenter by e-mail and shown on their dashboard. Keep them "
            "free of anything that identifies the family."
        ),
        error_messages={"required": _("Write the hub's recommendations.")},
    )
