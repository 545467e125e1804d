"""The base of every instrument model, and the text a person reads in Dutch and English."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, StrictStr, model_validator


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Text(_Model):
    """Hold a text a person reads, in Dutch and English."""

    nl: StrictStr
    en: StrictStr

    @model_validator(mode="after")
    def _both_written(self) -> Text:
        empty = [lang for lang in ("nl", "en") if not getattr(self, lang).strip()]
        if empty:
            raise ValueError(f"field '{empty[0]}': must not be empty")
        return self

    def get(self, locale: str) -> str:
        """Return the text for a locale such as 'en' or 'en_GB', else the Dutch text."""
        return self.en if locale.lower().startswith("en") else self.nl
