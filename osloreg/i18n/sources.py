"""How a fact's basis and source read (osloreg/sources.py): the words the review agreed on."""

MESSAGES = {
    "source.basis.sourced": ("Kilde: dokumentert", "Source: documented"),
    "source.basis.uncertain": ("Kilde: usikker", "Source: uncertain"),
    "source.basis.illustrative": ("Kilde: fiktiv (demo)", "Source: fictional (demo)"),
    "source.case_paper": ("Saksframlegg {number}", "Case paper {number}"),
    "source.facts": (
        "faktagrunnlaget for demoen (offentlige kilder om Osloregionen)",
        "the demo's compiled facts (public sources on Osloregionen)",
    ),
    "source.project.status": ("Status – {basis}", "Status – {basis}"),
    "source.project.dates": ("Datoer – {basis}", "Dates – {basis}"),
    "source.note.time_illustrative": ("klokkeslettet er fiktivt", "the time of day is made up"),
    "source.note.paraphrased": ("vedtaksteksten er gjengitt med egne ord", "the decision is paraphrased"),
    "source.note.decision_assumed": (
        "vedtaket er ikke kjent; forslaget er brukt",
        "the decision is not known; the proposal is used",
    ),
    "source.note.result_inferred": (
        "resultatet er utledet, ikke oppgitt",
        "the result is inferred, not stated",
    ),
    "source.note.result_not_stated": ("resultatet er ikke oppgitt", "the result is not stated"),
    "source.note.start_illustrative": ("startdatoen er fiktiv", "the start date is made up"),
    "source.note.illustrative_value": ("en verdi her er fiktiv", "a value here is made up"),
    "source.note.synthetic": ("syntetisk kopi for skaleringsdata", "synthetic copy for the scale data"),
    "source.note.status_dates_made_up": (
        "navnet er dokumentert; status og datoer er fiktive",
        "the name is documented; status and dates are made up",
    ),
    "source.note.years_known": (
        "navnet og årene er dokumentert; status er utledet av årene, dagene er fiktive",
        "the name and years are documented; the status follows from the years, the days are made up",
    ),
    "source.note.year_known": (
        "navnet og året er dokumentert; status og datoer er fiktive",
        "the name and year are documented; status and dates are made up",
    ),
    "source.note.adopted_known": (
        "navnet og vedtaksdatoen er dokumentert; status og sluttdato er fiktive",
        "the name and date of adoption are documented; status and end date are made up",
    ),
    "source.note.director_until_2023": (
        "direktør fra omkring 2013 (usikker) til 14.04.2023, siste arbeidsdag",
        "director from about 2013 (uncertain) to 14.04.2023, his last working day",
    ),
    "source.note.group_role_dates": (
        "i rollen 11.09.2020 og «de siste årene» før; start og slutt er ikke kjent (demoen viser 2019–2020)",
        "in the role on 11.09.2020 and 'in recent years' before; start and end are not known "
        "(the demo shows 2019–2020)",
    ),
}
