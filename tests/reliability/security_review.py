"""The December 2026 security review's 62 attempts, each mapped to what holds now and the tests that re-run it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import REPO_ROOT

# A copy of ../shared/reviews/security-2026-12.md (issue 22), kept in the repository: CI runs on a clone
# with nothing beside it.
REVIEW = REPO_ROOT / "docs" / "reviews" / "security-2026-12.md"

BOTH = ("sqlite", "postgresql")
SQLITE = ("sqlite",)
NONE: tuple[str, ...] = ()  # no database plays a part (a file, a token, the browser, the HTTP server)


@dataclass(frozen=True)
class Attempt:
    title: str  # the review's "What", as written there
    now: str  # what holds today, in one line
    tests: tuple[str, ...]  # node ids ("path::function"), the first the closest re-run
    databases: tuple[str, ...]  # where the tests re-run it
    bound: bool  # whether the outcome lives in the database (then PostgreSQL too is required)
    why: str  # why those databases


R = "tests/reliability/"
REVIEW_T = R + "test_security_review.py::"
SERVER_T = R + "test_security_review_server.py::"
FILES_T = R + "test_security_review_files.py::"
INPUT_T = R + "test_security_review_input.py::"
AUTH = R + "test_authentication.py::"
CONFIG = R + "test_configuration.py::"
THROTTLE = "tests/integration/services/test_login_throttle.py::"
POLICY = "tests/integration/services/test_password_policy.py::"
ADVICE = "tests/integration/services/test_advice_services.py::"
IMPORTS = "tests/integration/services/test_imports.py::"
LOGIN = "tests/browser/test_login.py::"
IMPORTER = "tests/unit/test_importer.py::"
LIMITS = "tests/unit/test_importer_limits.py::"
TEXT = "tests/unit/test_rules_text.py::"
CHAIN = "tests/integration/audit/test_audit_chain.py::"
REMOTE = R + "test_remote_content.py::test_no_page_asks_another_host_for_anything"
TAMPER = (
    R
    + "test_audit_tamper.py::test_every_way_of_tampering_is_caught_by_verify_check_config_and_the_admin_page"
)
ROLES_FROM_DB = "the guard reads the user's roles from the database on every run"
RENDERING = "rendering in the browser; what is stored is the same text on both databases"
PARSING = "reading an uploaded file happens before any database is touched"
TOKEN = "the token's signature and algorithm are checked before a user is read"

ATTEMPTS: dict[int, Attempt] = {
    1: Attempt("`leser` (viewer) opens every page URL", "pages outside the viewer's menu refuse in words and draw nothing",
               (REVIEW_T + "test_01_a_viewer_who_opens_every_page_url_sees_only_the_pages_of_their_menu",
                "tests/pages/test_admin_page.py::test_every_other_role_is_refused_and_sees_nothing",
                "tests/pages/test_input_page.py::test_a_viewer_is_refused_and_sees_no_form"), BOTH, True, ROLES_FROM_DB),
    2: Attempt("`leser` deep links", "records open read-only (no Endre tab, no text input); unknown or huge ids say not found",
               (REVIEW_T + "test_02_a_viewers_deep_links_show_read_only_records_and_unknown_ids_say_not_found",
                "tests/pages/test_cases_page.py::test_members_and_viewers_see_no_editors"), BOTH, True,
               "the records and the user's roles are read from the database"),
    3: Attempt("History deep links as non-admins", "admin?entity=...&entity_id=1 is refused to viewer and member, no history",
               (REVIEW_T + "test_03_history_deep_links_are_refused_to_viewers_and_members",
                "tests/pages/test_admin_audit_page.py::test_the_project_page_links_its_history_for_admins_only"),
               BOTH, True, ROLES_FROM_DB),
    4: Attempt("`medlem` on every page and deep link", "a member gets no editor on any page or record; admin is refused",
               (REVIEW_T + "test_04_a_member_on_every_page_and_deep_link_gets_no_editor",
                "tests/pages/test_coverage_page.py::test_every_role_sees_the_coverage_and_only_admin_and_coordinator_get_the_editors"),
               BOTH, True, ROLES_FROM_DB),
    5: Attempt("A member edits or withdraws another member's input", "refused with error.not_author, nothing changes",
               (ADVICE + "test_a_member_cannot_edit_or_withdraw_another_members_input_by_its_id",
                R + "test_permissions.py::test_acting_on_another_members_records_by_id_is_refused_and_changes_nothing"),
               BOTH, True, "authorization in the services reads authorship from the database"),
    6: Attempt("Role checks in the services", "every service refuses every role the matrix does not allow",
               (R + "test_permissions.py::test_every_cell_of_the_matrix_on_sqlite",
                R + "test_permissions.py::test_every_cell_of_the_matrix_on_postgres",
                ADVICE + "test_a_viewer_cannot_log_input", ADVICE + "test_a_viewer_cannot_compose_advice"),
               BOTH, True, "authorization in the services"),
    7: Attempt("Session-state or widget manipulation", "roles planted in session state open no guarded page",
               (REVIEW_T + "test_07_roles_planted_in_the_session_state_open_no_page",), BOTH, True, ROLES_FROM_DB),
    8: Attempt("A member gives input \"på vegne av\" a unit they do not represent",
               "only a unit the member represents today; any other refused and never counted as given input",
               (INPUT_T + "test_08_a_member_cannot_give_input_on_behalf_of_a_unit_they_do_not_represent",
                "tests/integration/services/test_input_on_behalf.py::test_a_member_is_refused_a_unit_they_do_not_represent_in_the_group_today",
                "tests/pages/test_input_page.py::test_a_member_is_offered_only_the_unit_they_represent_and_the_coordinator_every_unit"),
               BOTH, True, "authorization in the service reads the memberships"),
    9: Attempt("Malformed deep-link ids", "², ١, 99999999999999999999 ... say not found in words, no traceback",
               ("tests/pages/test_deep_link_ids.py::test_a_malformed_id_in_a_link_says_not_found_in_words",
                CONFIG + "test_malformed_ids_in_links_say_not_found",
                REVIEW_T + "test_02_a_viewers_deep_links_show_read_only_records_and_unknown_ids_say_not_found"),
               BOTH, True, "the review's OverflowError came from SQLite; PostgreSQL gets the huge id too"),
    10: Attempt("Lockout count", "no lock: five free failures, then waits doubling to a minute; the right password then works",
                (THROTTLE + "test_an_accounts_wait_doubles_to_a_minute_and_hammering_it_does_not_make_it_longer",
                 LOGIN + "test_after_five_wrong_passwords_the_name_waits_then_the_right_one_logs_in"),
                BOTH, True, "the throttle's counts are rows in the database"),
    11: Attempt("Lockout as a denial of service against the director",
                "per-client throttle: the director logs in at his usual client at the first try during an attack",
                (AUTH + "test_the_director_still_logs_in_while_many_clients_keep_failing_at_his_account",
                 THROTTLE + "test_strangers_failing_at_an_account_do_not_hold_up_its_owner_at_their_usual_client"),
                BOTH, True, "the throttle's counts are rows in the database"),
    12: Attempt("Username enumeration through messages", "a real and an unknown name get the same answers, throttle included",
                (THROTTLE + "test_a_real_and_an_unknown_name_get_the_same_answers_and_the_right_password_waits_too",),
                BOTH, True, "the throttle's counts are rows in the database"),
    13: Attempt("Username enumeration through timing", "an unknown name costs a bcrypt check at cost 12 like a wrong password",
                (REVIEW_T + "test_13_an_unknown_name_and_a_wrong_password_take_the_same_time",), BOTH, True,
                "the user is looked up in the database"),
    14: Attempt("Unauthenticated writes to the audit trail", "a few events per name and client an hour, not one per attempt",
                (THROTTLE + "test_refusals_are_counted_and_the_audit_trail_hears_of_each_threshold_once",
                 THROTTLE + "test_past_a_hundred_reported_keys_in_an_hour_new_ones_are_counted_but_not_reported",
                 AUTH + "test_the_director_still_logs_in_while_many_clients_keep_failing_at_his_account"),
                BOTH, True, "audit rows"),
    15: Attempt("Cookie attributes", "Secure and SameSite=Strict in production, 8 hours; not HttpOnly (written by script, README)",
                (LOGIN + "test_in_production_the_login_cookie_is_secure_strict_and_short_lived",), SQLITE, False,
                "the browser's cookie store; the server runs on the browser tests' SQLite"),
    16: Attempt("Tampered payload", "another user's name with the signature kept shows the login form",
                (SERVER_T + "test_16_a_cookie_whose_payload_names_another_user_is_refused",
                 "tests/unit/test_login_tokens.py::test_a_bad_token_reads_as_no_login_and_never_raises"),
                ("postgresql",), False, TOKEN),
    17: Attempt("Forged with a published key", "every published key's admin cookie is refused",
                (AUTH + "test_a_cookie_signed_with_a_published_key_is_refused",), SQLITE, False, TOKEN),
    18: Attempt("`alg: none` token", "the login form shows and the cookie is deleted; no error box",
                (LOGIN + "test_a_bad_cookie_shows_the_login_form_and_is_deleted",
                 "tests/unit/test_login_tokens.py::test_a_bad_token_reads_as_no_login_and_never_raises"),
                SQLITE, False, TOKEN),
    19: Attempt("Replay after logout", "a cookie copied before logout is refused, every time",
                (SERVER_T + "test_19_a_cookie_copied_before_logout_is_refused_on_postgresql",
                 AUTH + "test_a_cookie_replayed_after_logout_is_refused_every_time",
                 THROTTLE + "test_logout_ends_every_login_of_the_user_and_refuses_its_own_cookie"),
                BOTH, True, "logout raises the user's epoch and revokes the token in the database"),
    20: Attempt("Use after the user is disabled", "the open tab and the copied cookie are refused",
                (SERVER_T + "test_20_a_disabled_users_cookie_and_open_tab_are_refused_on_postgresql",
                 "tests/pages/test_shell.py::test_a_disabled_user_is_refused_on_the_next_rerun"),
                BOTH, True, "the cookie check reads the user"),
    21: Attempt("Use after a password reset; after disable then enable",
                "the token carries its epoch: the open tab ends, a reload and the copied cookie show the form",
                (SERVER_T + "test_21_a_password_reset_or_disable_and_enable_ends_every_login_on_postgresql",
                 LOGIN + "test_a_login_ends_everywhere_at_once_when_an_admin_changes_the_account",
                 AUTH + "test_every_account_change_ends_a_login_made_before_it"),
                BOTH, True, "the cookie check compares the token's epoch with the user's row"),
    22: Attempt("Length limits", "12-128 characters accepted and log in; 11, 129 and NUL refused",
                (REVIEW_T + "test_22_passwords_of_11_and_129_characters_or_with_nul_are_refused_12_and_128_accepted",
                 "tests/integration/services/test_services.py::test_passwords_of_128_unicode_characters_count_in_full"),
                BOTH, True, "the user's row and its hash"),
    23: Attempt("Unicode normalisation", "NFKC: a password typed composed or decomposed is the same",
                (POLICY + "test_a_password_is_the_same_typed_composed_or_decomposed",), BOTH, True, "the stored hash"),
    24: Attempt("Strength", "common, blank, invisible and name-based passwords are refused saying why",
                (POLICY + "test_weak_passwords_are_refused_on_create_and_on_reset_saying_what_to_do",
                 POLICY + "test_a_password_with_the_username_or_the_users_name_is_refused"),
                BOTH, True, "the services create and reset users"),
    25: Attempt("Admin UI with astral characters", "70 emoji reach the service whole and open the account",
                ("tests/pages/test_admin_users_passwords.py::test_seventy_emoji_reach_the_service_whole_and_open_the_account",
                 "tests/pages/test_admin_users_passwords.py::test_a_reset_to_seventy_emoji_opens_the_account_with_all_seventy",
                 "tests/integration/services/test_services.py::test_passwords_of_128_unicode_characters_count_in_full"),
                BOTH, True, "the form on SQLite (AppTest); the service's count on both"),
    26: Attempt("Script payloads in every free-text field", "no dialog, no on* attribute, no script from the data",
                (R + "test_hostile_browser.py::test_hostile_text_runs_no_script_in_chromium",
                 R + "test_hostile_text.py::test_every_page_shows_hostile_text_as_text",
                 R + "test_hostile_text.py::test_nul_and_control_characters_never_reach_postgresql"),
                BOTH, False, RENDERING),
    27: Attempt("Link schemes in markdown", "javascript:, data: and entity-spelled schemes are text; http(s) links stay",
                (TEXT + "test_javascript_never_survives_in_any_spelling", TEXT + "test_javascript_link_is_shown_as_text",
                 TEXT + "test_character_references_are_shown_as_typed_not_decoded"), NONE, False, RENDERING),
    28: Attempt("Remote image (tracking pixel)", "images become their alt text and a link: no page fetches from another host",
                (REMOTE, TEXT + "test_no_image_survives_in_any_spelling"), SQLITE, False, RENDERING),
    29: Attempt("Plotly's HTML-like text", "chart labels are escaped: no live link, no CSS fetch, on load or hover",
                (REMOTE, "tests/pages/test_chart_text.py::test_every_chart_shows_hostile_names_as_plain_text"),
                SQLITE, False, RENDERING),
    30: Attempt("http(s) URLs inside escaped titles and names", "a web address stays a link, other autolinks become text",
                (TEXT + "test_web_autolink_stays_a_link_and_others_become_text",), NONE, False, RENDERING),
    31: Attempt("RTL override, bidi isolates, zero-width characters",
                "direction controls are refused; invisible characters are folded in duplicate checks",
                (INPUT_T + "test_31_direction_controls_and_invisible_characters_make_no_look_alike_name",
                 "tests/integration/services/test_look_alike_names.py::test_a_unit_name_that_reads_like_one_registered_is_taken"),
                BOTH, True, "the duplicate-name check reads the register"),
    32: Attempt("Very long strings", "301-character title, 10,001-character description, 4,001-character input refused",
                (REVIEW_T + "test_32_a_301_character_title_and_a_10001_character_description_are_refused",
                 ADVICE + "test_input_with_a_javascript_link_or_too_long_a_text_is_refused"),
                BOTH, False, "checked before writing; PostgreSQL's column limits are never the guard"),
    33: Attempt("The input's link field", "javascript:, data: and attribute-breaking addresses refused; https kept",
                (INPUT_T + "test_33_the_inputs_link_field_refuses_script_data_and_attribute_breaking_addresses",),
                BOTH, False, "checked before writing"),
    34: Attempt("Markdown in refusal messages", "unknown headers and the file name are shown as typed, no image loads",
                ("tests/pages/test_import_text.py::test_an_unknown_header_is_shown_as_typed_in_the_refusal",
                 "tests/pages/test_import_text.py::test_the_file_name_is_shown_as_typed_after_an_import", REMOTE),
                SQLITE, False, RENDERING),
    35: Attempt("Formula injection in the CSV downloads", "leading = + - @ get a ', UTF-8 with BOM, ;-separated",
                ("tests/unit/test_export.py::test_csv_defuses_text_that_would_run_as_a_formula",
                 "tests/unit/test_reports.py::test_the_csv_defuses_a_title_that_would_run_as_a_formula"),
                NONE, False, "the export of rows already read"),
    36: Attempt("The same four `.xlsx` files", "formula-like text is a text cell, never a formula",
                ("tests/unit/test_export.py::test_excel_keeps_text_that_looks_like_a_formula_as_text",
                 "tests/unit/test_reports.py::test_a_title_that_looks_like_a_formula_is_stored_as_text"),
                NONE, False, "the export of rows already read"),
    37: Attempt("Calendar file (`.ics`) injection", "line breaks are escaped: one VEVENT, no VALARM, the app's own URL",
                (FILES_T + "test_37_line_breaks_in_a_meetings_title_place_and_agenda_stay_inside_one_event",
                 "tests/unit/test_ical.py::test_a_hostile_name_stays_a_name_and_a_hostile_address_is_refused"),
                NONE, False, "the file of meetings already read"),
    38: Attempt("Encodings", "UTF-8 with or without BOM and Windows-1252 read; UTF-16 and binary refused in words",
                (IMPORTER + "test_csv_in_utf8_with_or_without_bom_or_windows_1252_with_any_separator_is_read",
                 IMPORTER + "test_nul_bytes_and_binary_garbage_are_refused"), NONE, False, PARSING),
    39: Attempt("Mixed encodings", "a UTF-8 file with a Windows-1252 line is refused naming the row",
                (LIMITS + "test_a_utf8_file_with_one_windows_1252_line_is_refused_naming_the_row",
                 R + "test_import_limits.py::test_the_reviews_files_are_refused_in_words_within_the_budget"),
                NONE, False, PARSING),
    40: Attempt("Separators", "; , and tab all parse",
                (IMPORTER + "test_csv_in_utf8_with_or_without_bom_or_windows_1252_with_any_separator_is_read",),
                NONE, False, PARSING),
    41: Attempt("100,000 rows", "refused: too_many_rows (50,000), or too_large first when over 5 MB",
                (FILES_T + "test_41_a_csv_of_100000_rows_is_refused_as_too_many_rows",), NONE, False, PARSING),
    42: Attempt("5 MiB + 1 byte, and the upload limit", "the app refuses imports over 5 MB; production refuses a raised upload limit",
                (IMPORTER + "test_files_over_5_mb_are_refused_and_one_just_under_is_read",
                 CONFIG + "test_check_config_fails_production_when_the_environment_undoes_streamlits_protections"),
                NONE, False, PARSING),
    43: Attempt("Zip bomb", "refused by its declared size without unpacking",
                (LIMITS + "test_a_zip_bomb_is_refused", "tests/unit/test_filetypes.py::test_a_zip_bomb_is_refused_without_unpacking_it"),
                NONE, False, PARSING),
    44: Attempt("\"Dimension bomb\" xlsx (1.5 KB)", "read by the rows it holds, far-corner cell refused, within 100 MB and 5 s",
                (LIMITS + "test_a_value_in_the_far_corner_of_a_sheet_declared_full_is_refused_naming_the_cell",
                 R + "test_import_limits.py::test_the_reviews_files_are_refused_in_words_within_the_budget",
                 R + "test_import_limits.py::test_through_the_import_services_the_files_are_refused_and_a_full_sheet_imports"),
                BOTH, False, PARSING),
    45: Attempt("Duplicate-header CSV", "a million headers refused in well under a second",
                (LIMITS + "test_a_csv_header_of_a_million_names_is_refused_in_well_under_a_second",
                 LIMITS + "test_map_columns_counts_doubled_headers_in_one_pass"), NONE, False, PARSING),
    46: Attempt("Hostile xlsx files", "external links and non-workbooks refused; a macro part never runs, values read",
                (FILES_T + "test_46_hostile_workbooks_are_refused_or_read_as_values_only",), NONE, False, PARSING),
    47: Attempt("Duplicate rows", "doubled in the file or already registered: row errors, nothing written",
                (IMPORTS + "test_persons_doubled_in_the_file_or_already_registered_are_row_errors",), BOTH, True,
                "the register is read in the import's transaction"),
    48: Attempt("All or nothing", "one bad row writes nothing and no audit event; a database failure rolls all back",
                (IMPORTS + "test_a_bad_row_999_of_1000_writes_nothing_and_the_fixed_file_writes_all_with_one_audit_event",
                 IMPORTS + "test_a_database_failure_midway_rolls_back_every_row"), BOTH, True, "one transaction"),
    49: Attempt("Broken CSVs", "unclosed quote, NUL, 200 KB field, empty, header only, PDF: each refused in words",
                (FILES_T + "test_49_broken_csvs_are_each_refused_with_their_message",), NONE, False, PARSING),
    50: Attempt("File paths from user input", "a path-like history entity is refused in words; no input names a file",
                (REVIEW_T + "test_50_a_path_in_the_history_links_entity_is_refused_and_reaches_no_file",
                 "tests/pages/test_admin_audit_page.py::test_a_bad_address_gets_a_clear_message_not_a_traceback"),
                BOTH, False, "the entity is checked against the table names before any read"),
    51: Attempt("How the backup download is served", "the backup is written on the server; no download URL exists",
                (CONFIG + "test_a_backup_made_in_the_browser_is_never_at_an_address_that_needs_no_login",
                 "tests/pages/test_admin_backup_page.py::test_an_admin_makes_a_backup_on_the_server_and_is_offered_no_download"),
                SQLITE, False, "how the HTTP server serves files"),
    52: Attempt("XSRF", "a tokenless upload and a websocket from another origin get 403",
                (SERVER_T + "test_52_a_websocket_from_another_origin_is_refused",
                 CONFIG + "test_the_running_server_has_xsrf_protection_on_and_hides_error_details"),
                NONE, False, "the HTTP server"),
    53: Attempt("Error details", "no traceback in the browser; production refuses showErrorDetails other than none",
                (CONFIG + "test_the_running_server_has_xsrf_protection_on_and_hides_error_details",
                 CONFIG + "test_a_production_server_started_with_unsafe_streamlit_settings_refuses_in_words"),
                SQLITE, False, "the HTTP server"),
    54: Attempt("`/_stcore` endpoints and headers", "the proxy example blocks /_stcore/metrics and sets frame headers (README)",
                ("tests/unit/test_readme_proxy.py::test_the_example_blocks_metrics_and_the_agent_api_and_forwards_the_websocket",
                 "tests/unit/test_readme_proxy.py::test_the_example_sets_every_header_the_app_needs_from_the_proxy"),
                NONE, False, "the reverse proxy's configuration"),
    55: Attempt("`check-config` with `OSLOREG_ENV=production`", "patterned keys and the four Streamlit overrides fail it",
                (CONFIG + "test_production_refuses_a_weak_or_published_cookie_key_and_accepts_a_strong_one",
                 CONFIG + "test_check_config_fails_production_when_the_environment_undoes_streamlits_protections",
                 CONFIG + "test_a_production_server_started_with_unsafe_streamlit_settings_refuses_in_words"),
                SQLITE, False, "settings; the database is only named"),
    56: Attempt("Third-party requests", "no page asks any host but the app's, the icon included", (REMOTE,), SQLITE, False,
                "the browser's requests"),
    57: Attempt("UPDATE, UPDATE OR REPLACE, DELETE", "refused as append-only (TRUNCATE too on PostgreSQL); events unchanged",
                (REVIEW_T + "test_57_update_update_or_replace_and_delete_of_audit_events_are_refused",), BOTH, True,
                "triggers in each database"),
    58: Attempt("INSERT OR REPLACE / REPLACE INTO an existing id", "refused on SQLite; any rewrite breaks the hash chain and is named",
                (CHAIN + "test_sqlite_refuses_replace_onto_an_event_and_upserts", TAMPER), BOTH, True, "the audit table"),
    59: Attempt("UPSERT", "DO UPDATE refused; DO NOTHING refused or changes nothing",
                (REVIEW_T + "test_59_an_upsert_onto_an_audit_event_is_refused_or_changes_nothing",
                 CHAIN + "test_sqlite_refuses_replace_onto_an_event_and_upserts"), BOTH, True, "the audit table"),
    60: Attempt("Back-dated forged insert", "the hash chain and the witness name the forged event", (TAMPER,), BOTH, True,
                "the audit table"),
    61: Attempt("DROP TRIGGER; DROP TABLE; VACUUM INTO", "a changed or swapped trail is named by verify, check-config, admin page",
                (TAMPER, CHAIN + "test_the_app_role_appends_and_reads_but_cannot_change_or_remove_events"), BOTH, True,
                "the audit table"),
    62: Attempt("Two coordinators edit one project", "the second save gets a conflict; a re-save keeps the other's change",
                (R + "test_concurrency.py::test_the_second_of_two_saves_from_the_same_read_gets_a_conflict_never_a_silent_overwrite_or_revert",
                 "tests/browser/test_edit_conflicts.py::test_a_project_edited_by_two_coordinators_keeps_both_changes"),
                BOTH, True, "optimistic locking on the row's version"),
}  # fmt: skip

_ROW = re.compile(r"^\| (\d+) \| [^|]* \| (.*?) \| ")


def review_attempts(path: Path = REVIEW) -> dict[int, str]:
    """The review's Attempts table: number -> its "What"."""
    return {
        int(m.group(1)): m.group(2)
        for line in path.read_text(encoding="utf-8").splitlines()
        if (m := _ROW.match(line))
    }
