/*
 * tests/test_casebook.c - the case-record model: vocabularies (vocab.h), evidence (evidence.h),
 * victims (victim.h), reports (report.h) and casebooks (casebook.h).
 *
 * Where expected values come from:
 *  - Tokens: the list written in vocab.h, copied here by hand; they are the file format.
 *  - SHA-256 digests: computed outside the library, with coreutils and with Python,
 *      sha256sum tests/data/casebook/evidence-message.txt
 *      /usr/bin/python3 -c 'import hashlib; print(hashlib.sha256(open(
 *          "tests/data/casebook/evidence-message.txt", "rb").read()).hexdigest())'
 *    (both give 871c852a...e2bd; the file is 136 bytes, `wc -c`), and for the generated
 *    200000-byte pattern (byte i = (7 i + 3) mod 251)
 *      hashlib.sha256(bytes((i*7+3)%251 for i in range(200000))).hexdigest()
 *    The empty input and "The quick brown fox jumps over the lazy dog" are the well-known
 *    FIPS 180 test values (also checked with hashlib).
 *  - Counts: worked out by hand in test_count (each report's ward, offence and local month
 *    listed in its comment).
 */
#define _POSIX_C_SOURCE 200809L /* mkstemp, write, close, unlink */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stalkcase/stalkcase.h>

#include "testutil.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define M(y, mo) ((sc_month)((y) * 12 + ((mo) - 1)))

/* ================================================================== helpers */

static sc_time ts(const char *text)
{
    sc_time t;
    sc_error err;
    if (sc_time_parse(&t, text, SC_TIME_ACCEPT_DATE | SC_TIME_ACCEPT_DATETIME, &err) != SC_OK)
        fail_msg("bad time in test: %s", err.message);
    return t;
}

static sc_report *new_report(const char *id)
{
    sc_report *r = NULL;
    sc_error err;
    if (sc_report_new(&r, id, &err) != SC_OK)
        fail_msg("sc_report_new: %s", err.message);
    return r;
}

static sc_victim *new_victim(const char *id)
{
    sc_victim *v = NULL;
    assert_int_equal(sc_victim_new(&v, id, NULL), SC_OK);
    return v;
}

static sc_evidence *new_evidence(const char *id, sc_evidence_kind kind)
{
    sc_evidence *e = NULL;
    assert_int_equal(sc_evidence_new(&e, id, NULL), SC_OK);
    assert_int_equal(sc_evidence_set_kind(e, kind), SC_OK);
    return e;
}

static void set_time(sc_report *r, sc_report_time f, const char *text)
{
    sc_time t = ts(text);
    sc_error err;
    if (sc_report_set_time(r, f, &t, &err) != SC_OK)
        fail_msg("sc_report_set_time: %s", err.message);
}

static void set_text(sc_report *r, sc_report_text f, const char *text)
{
    assert_int_equal(sc_report_set_text(r, f, text, NULL), SC_OK);
}

static void set_area(sc_report *r, const char *code, const char *name, const char *borough)
{
    set_text(r, SC_REPORT_WARD_CODE, code);
    set_text(r, SC_REPORT_WARD_NAME, name);
    set_text(r, SC_REPORT_BOROUGH, borough);
}

static void hex_of(char *buf, const sc_evidence *e)
{
    uint8_t d[SC_SHA256_SIZE];
    assert_int_equal(sc_evidence_digest(e, d, NULL), SC_OK);
    assert_int_equal(sc_sha256_to_hex(buf, SC_SHA256_HEX_SIZE, d), SC_OK);
}

/* A full casebook exercising every field; variant != 0 changes exactly one thing (see the
 * switch), so that equality can be tested field by field. */
enum { VARIANTS = 16 };
static sc_casebook *sample(int variant)
{
    sc_casebook *cb = NULL;
    sc_error err;
    assert_int_equal(sc_casebook_new(&cb), SC_OK);

    sc_victim *v = new_victim("v-1");
    assert_int_equal(sc_victim_set_text(v, SC_VICTIM_NAME, variant == 1 ? "A. N. Other" :
                                        "Jane Example", NULL), SC_OK);
    assert_int_equal(sc_victim_set_text(v, SC_VICTIM_CONTACT, "07700 900123", NULL), SC_OK);
    assert_int_equal(sc_victim_set_text(v, SC_VICTIM_AGE_BAND, "25-34", NULL), SC_OK);
    assert_int_equal(sc_victim_set_text(v, SC_VICTIM_GENDER, "female", NULL), SC_OK);
    assert_int_equal(sc_victim_set_channel(v, variant == 2 ? SC_CHANNEL_ADVOCATE :
                                           SC_CHANNEL_HELPLINE), SC_OK);
    sc_time fc = ts(variant == 3 ? "2024-02-28" : "2024-02-27");
    assert_int_equal(sc_victim_set_first_contact(v, &fc, NULL), SC_OK);
    assert_int_equal(sc_victim_set_risk(v, SC_RISK_HIGH), SC_OK);
    assert_int_equal(sc_victim_set_consent(v, variant == 4 ? SC_TRISTATE_NO : SC_TRISTATE_YES),
                     SC_OK);
    assert_int_equal(sc_casebook_add_victim(cb, v), SC_OK);
    assert_int_equal(sc_casebook_add_victim(cb, new_victim("v-2")), SC_OK);

    sc_report *r = new_report("r-1");
    /* the same instant written with another offset is a different text */
    set_time(r, SC_REPORT_REPORTED_AT, variant == 5 ? "2024-03-05T13:30:00Z" :
                                                      "2024-03-05T14:30:00+01:00");
    set_time(r, SC_REPORT_FIRST_INCIDENT, "2024-01-10");
    set_time(r, SC_REPORT_LAST_INCIDENT, "2024-03-04T22:15:00+00:00");
    assert_int_equal(sc_report_set_offence(r, variant == 6 ? SC_OFFENCE_STALKING_FEAR_ALARM :
                                                            SC_OFFENCE_STALKING), SC_OK);
    set_text(r, SC_REPORT_OFFENCE_CODE, "8Q");
    set_area(r, "E05013806", variant == 7 ? "St James" : "St James's", "Westminster");
    set_text(r, SC_REPORT_FORCE, "Metropolitan Police Service");
    set_text(r, SC_REPORT_OUTCOME, "Investigation ongoing");
    set_text(r, SC_REPORT_NOTES, variant == 8 ? "Notes\nline 2" : "Notes\nline two");
    assert_int_equal(sc_report_set_relationship(r, SC_RELATIONSHIP_EX_PARTNER), SC_OK);
    assert_int_equal(sc_report_set_typology(r, variant == 9 ? SC_TYPOLOGY_RESENTFUL :
                                                              SC_TYPOLOGY_REJECTED), SC_OK);
    assert_int_equal(sc_report_set_cyber_recorded(r, variant == 10 ? SC_TRISTATE_NONE :
                                                  SC_TRISTATE_YES), SC_OK);
    assert_int_equal(sc_report_add_victim(r, "v-1", NULL), SC_OK);
    if (variant != 11)
        assert_int_equal(sc_report_add_victim(r, "v-2", NULL), SC_OK);

    sc_evidence *e = new_evidence("e-1", variant == 12 ? SC_EVIDENCE_TEXT_MESSAGE :
                                                         SC_EVIDENCE_MESSAGING_APP);
    assert_int_equal(sc_evidence_set_text(e, SC_EVIDENCE_PLATFORM, "WhatsApp", NULL), SC_OK);
    assert_int_equal(sc_evidence_set_text(e, SC_EVIDENCE_DESCRIPTION, "Threat about the car",
                                          NULL), SC_OK);
    assert_int_equal(sc_evidence_set_text(e, SC_EVIDENCE_MEDIA_TYPE, "text/plain", NULL), SC_OK);
    assert_int_equal(sc_evidence_set_text(e, SC_EVIDENCE_URI, "file:evidence-message.txt", NULL),
                     SC_OK);
    sc_time t = ts("2024-03-05T14:30:00+01:00");
    assert_int_equal(sc_evidence_set_time(e, SC_EVIDENCE_OCCURRED_AT, &t, &err), SC_OK);
    t = ts("2024-03-05T18:02:10+01:00");
    assert_int_equal(sc_evidence_set_time(e, SC_EVIDENCE_CAPTURED_AT, &t, &err), SC_OK);
    const char *content = variant == 13 ? "message!" : "message.";
    assert_int_equal(sc_evidence_digest_buffer(e, content, strlen(content)), SC_OK);
    t = ts("2024-03-05T18:05:00+01:00");
    assert_int_equal(sc_evidence_add_custody(e, &t, "victim", "captured", NULL, &err), SC_OK);
    t = ts("2024-03-06T09:00:00Z");
    assert_int_equal(sc_evidence_add_custody(e, &t, "PC 1234", "received",
                                             variant == 14 ? "sealed bag 7" : "sealed bag 6",
                                             &err), SC_OK);
    assert_int_equal(sc_report_add_evidence(r, e), SC_OK);
    assert_int_equal(sc_casebook_add_report(cb, r), SC_OK);

    sc_report *r2 = new_report(variant == 15 ? "r-2b" : "r-2");
    set_time(r2, SC_REPORT_REPORTED_AT, "2024-04-01T00:30:00+01:00");
    assert_int_equal(sc_report_set_offence(r2, SC_OFFENCE_HARASSMENT), SC_OK);
    assert_int_equal(sc_report_add_victim(r2, "v-2", NULL), SC_OK);
    assert_int_equal(sc_casebook_add_report(cb, r2), SC_OK);
    return cb;
}

/* ================================================================== vocabularies */

static void test_vocab_tokens(void **state)
{
    static const char *const offences[] = { "harassment", "fear-of-violence", "stalking",
        "stalking-fear-alarm-distress", "malicious-communications", "other" };
    static const char *const kinds[] = { "text-message", "messaging-app", "email",
        "social-media", "phone-call", "gps-tracker", "spyware", "account-compromise",
        "impersonation", "image-based-abuse", "doxxing", "smart-device", "other" };
    static const char *const relationships[] = { "ex-intimate-partner", "acquaintance",
        "stranger", "family-member", "work", "unknown" };
    static const char *const typologies[] = { "rejected", "resentful", "intimacy-seeking",
        "incompetent-suitor", "predatory" };
    static const char *const risks[] = { "standard", "medium", "high", "unknown" };
    static const char *const channels[] = { "police", "helpline", "advocate", "other" };
    static const char *const tristates[] = { "yes", "no", "unknown" };
    sc_error err;
    (void)state;

    assert_int_equal(ARRAY_LEN(offences), SC_OFFENCE_COUNT - 1);
    for (int i = 1; i < SC_OFFENCE_COUNT; i++) {
        sc_offence v;
        assert_string_equal(sc_offence_to_token((sc_offence)i), offences[i - 1]);
        assert_int_equal(sc_offence_from_token(&v, offences[i - 1], &err), SC_OK);
        assert_int_equal(v, i);
        assert_non_null(sc_offence_label((sc_offence)i));
    }
    assert_int_equal(ARRAY_LEN(kinds), SC_EVIDENCE_KIND_COUNT - 1);
    for (int i = 1; i < SC_EVIDENCE_KIND_COUNT; i++) {
        sc_evidence_kind v;
        assert_string_equal(sc_evidence_kind_to_token((sc_evidence_kind)i), kinds[i - 1]);
        assert_int_equal(sc_evidence_kind_from_token(&v, kinds[i - 1], &err), SC_OK);
        assert_int_equal(v, i);
        assert_int_equal(sc_evidence_kind_is_digital((sc_evidence_kind)i),
                         i != SC_EVIDENCE_OTHER);
    }
    assert_int_equal(ARRAY_LEN(relationships), SC_RELATIONSHIP_COUNT - 1);
    for (int i = 1; i < SC_RELATIONSHIP_COUNT; i++) {
        sc_relationship v;
        assert_string_equal(sc_relationship_to_token((sc_relationship)i), relationships[i - 1]);
        assert_int_equal(sc_relationship_from_token(&v, relationships[i - 1], &err), SC_OK);
        assert_int_equal(v, i);
    }
    assert_int_equal(ARRAY_LEN(typologies), SC_TYPOLOGY_COUNT - 1);
    for (int i = 1; i < SC_TYPOLOGY_COUNT; i++) {
        sc_typology v;
        assert_string_equal(sc_typology_to_token((sc_typology)i), typologies[i - 1]);
        assert_int_equal(sc_typology_from_token(&v, typologies[i - 1], &err), SC_OK);
        assert_int_equal(v, i);
    }
    assert_int_equal(ARRAY_LEN(risks), SC_RISK_COUNT - 1);
    for (int i = 1; i < SC_RISK_COUNT; i++) {
        sc_risk v;
        assert_string_equal(sc_risk_to_token((sc_risk)i), risks[i - 1]);
        assert_int_equal(sc_risk_from_token(&v, risks[i - 1], &err), SC_OK);
        assert_int_equal(v, i);
    }
    assert_int_equal(ARRAY_LEN(channels), SC_CHANNEL_COUNT - 1);
    for (int i = 1; i < SC_CHANNEL_COUNT; i++) {
        sc_channel v;
        assert_string_equal(sc_channel_to_token((sc_channel)i), channels[i - 1]);
        assert_int_equal(sc_channel_from_token(&v, channels[i - 1], &err), SC_OK);
        assert_int_equal(v, i);
    }
    assert_int_equal(ARRAY_LEN(tristates), SC_TRISTATE_COUNT - 1);
    for (int i = 1; i < SC_TRISTATE_COUNT; i++) {
        sc_tristate v;
        assert_string_equal(sc_tristate_to_token((sc_tristate)i), tristates[i - 1]);
        assert_int_equal(sc_tristate_from_token(&v, tristates[i - 1], &err), SC_OK);
        assert_int_equal(v, i);
    }
    /* no token for NONE or out-of-range values; unknown tokens and other spellings fail */
    assert_null(sc_offence_to_token(SC_OFFENCE_NONE));
    assert_null(sc_offence_to_token((sc_offence)SC_OFFENCE_COUNT));
    assert_null(sc_offence_to_token((sc_offence)-1));
    assert_null(sc_offence_label(SC_OFFENCE_NONE));
    assert_null(sc_tristate_to_token(SC_TRISTATE_NONE));
    assert_false(sc_evidence_kind_is_digital(SC_EVIDENCE_KIND_NONE));
    assert_false(sc_evidence_kind_is_digital((sc_evidence_kind)99));
    sc_offence o = SC_OFFENCE_STALKING;
    assert_int_equal(sc_offence_from_token(&o, "Stalking", &err), SC_EDATA);
    assert_int_equal(o, SC_OFFENCE_NONE);
    tu_assert_contains(err.message, "\"Stalking\"");
    assert_int_equal(sc_offence_from_token(&o, "", &err), SC_EDATA);
    assert_int_equal(sc_offence_from_token(&o, NULL, &err), SC_EINVAL);
    assert_int_equal(sc_offence_from_token(NULL, "stalking", &err), SC_EINVAL);
    sc_tristate t;
    assert_int_equal(sc_tristate_from_token(&t, "yes ", &err), SC_EDATA);
    assert_string_equal(sc_offence_label(SC_OFFENCE_STALKING), "Stalking (PHA 1997 s.2A)");
}

/* ================================================================== records */

static void test_texts(void **state)
{
    sc_report *r = new_report("r-1");
    sc_error err;
    (void)state;
    assert_string_equal(sc_report_id(r), "r-1");
    assert_null(sc_report_get_text(r, SC_REPORT_NOTES));
    set_text(r, SC_REPORT_NOTES, "first\ttab\r\nand line");
    assert_string_equal(sc_report_get_text(r, SC_REPORT_NOTES), "first\ttab\r\nand line");
    set_text(r, SC_REPORT_NOTES, "");
    assert_string_equal(sc_report_get_text(r, SC_REPORT_NOTES), "");
    set_text(r, SC_REPORT_WARD_NAME, "St James's \xe2\x80\x94 caf\xc3\xa9");
    /* rejected texts leave the field as it was */
    static const char *const bad[] = { "\x01", "a\x1f", "\xff", "\xc3", "\xef\xbf\xbe",
                                       "\xef\xbf\xbf", "\xed\xa0\x80" };
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        assert_int_equal(sc_report_set_text(r, SC_REPORT_NOTES, bad[i], &err), SC_EDATA);
        assert_string_equal(sc_report_get_text(r, SC_REPORT_NOTES), "");
        tu_assert_contains(err.message, "notes ");
        assert_null(strstr(err.message, "  "));
    }
    /* messages never quote a field that may be sensitive; they do quote ids */
    assert_int_equal(sc_report_set_text(r, SC_REPORT_NOTES, "secret\x01", &err), SC_EDATA);
    assert_null(strstr(err.message, "secret"));
    assert_int_equal(sc_report_add_victim(r, "v\x01x", &err), SC_EDATA);
    tu_assert_contains(err.message, "\"v\\x01x\"");
    assert_int_equal(sc_report_set_text(r, SC_REPORT_NOTES, NULL, &err), SC_OK);
    assert_null(sc_report_get_text(r, SC_REPORT_NOTES));
    assert_int_equal(sc_report_set_text(r, (sc_report_text)SC_REPORT_TEXT_COUNT, "x", &err),
                     SC_EINVAL);
    assert_null(sc_report_get_text(r, (sc_report_text)-1));
    assert_int_equal(sc_report_set_text(NULL, SC_REPORT_NOTES, "x", &err), SC_EINVAL);
    /* ids: non-empty, no control characters */
    sc_report *bad_r = (sc_report *)1;
    assert_int_equal(sc_report_new(&bad_r, "", &err), SC_EDATA);
    assert_null(bad_r);
    assert_int_equal(sc_report_new(&bad_r, "r\t1", &err), SC_EDATA);
    assert_int_equal(sc_report_new(&bad_r, NULL, &err), SC_EINVAL);
    assert_int_equal(sc_report_new(NULL, "r", &err), SC_EINVAL);
    assert_int_equal(sc_report_add_victim(r, "v\n1", &err), SC_EDATA);
    assert_int_equal(sc_report_victim_count(r), 0);
    sc_victim *v = NULL;
    assert_int_equal(sc_victim_new(&v, "\xff", &err), SC_EDATA);
    sc_evidence *e = NULL;
    assert_int_equal(sc_evidence_new(&e, "", &err), SC_EDATA);
    sc_report_free(r);
}

static void test_times_and_enums(void **state)
{
    sc_report *r = new_report("r-1");
    sc_error err;
    sc_time date = ts("2024-03-05"), stamp = ts("2024-03-05T14:30:00+01:00");
    (void)state;
    /* reported_at needs a timestamp; incidents take either */
    assert_int_equal(sc_report_set_time(r, SC_REPORT_REPORTED_AT, &date, &err), SC_EDATA);
    tu_assert_contains(err.message, "r-1");
    assert_int_equal(sc_report_get_time(r, SC_REPORT_REPORTED_AT).kind, SC_TIME_NONE);
    assert_int_equal(sc_report_set_time(r, SC_REPORT_REPORTED_AT, &stamp, &err), SC_OK);
    sc_time got = sc_report_get_time(r, SC_REPORT_REPORTED_AT);
    assert_true(sc_time_equal(&stamp, &got));
    assert_int_equal(sc_report_set_time(r, SC_REPORT_FIRST_INCIDENT, &date, &err), SC_OK);
    assert_int_equal(sc_report_set_time(r, SC_REPORT_LAST_INCIDENT, &stamp, &err), SC_OK);
    sc_time broken = stamp;
    broken.offset = 5000;
    assert_int_equal(sc_report_set_time(r, SC_REPORT_LAST_INCIDENT, &broken, &err), SC_EDATA);
    assert_true(sc_report_get_time(r, SC_REPORT_LAST_INCIDENT).kind == SC_TIME_DATETIME);
    assert_int_equal(sc_report_set_time(r, SC_REPORT_LAST_INCIDENT, NULL, &err), SC_OK);
    assert_int_equal(sc_report_get_time(r, SC_REPORT_LAST_INCIDENT).kind, SC_TIME_NONE);
    assert_int_equal(sc_report_set_time(r, (sc_report_time)3, &stamp, &err), SC_EINVAL);
    /* enumerations */
    assert_int_equal(sc_report_offence(r), SC_OFFENCE_NONE);
    assert_int_equal(sc_report_set_offence(r, SC_OFFENCE_MALICIOUS_COMMUNICATIONS), SC_OK);
    assert_int_equal(sc_report_offence(r), SC_OFFENCE_MALICIOUS_COMMUNICATIONS);
    assert_int_equal(sc_report_set_offence(r, (sc_offence)SC_OFFENCE_COUNT), SC_EINVAL);
    assert_int_equal(sc_report_offence(r), SC_OFFENCE_MALICIOUS_COMMUNICATIONS);
    assert_int_equal(sc_report_set_relationship(r, SC_RELATIONSHIP_UNKNOWN), SC_OK);
    assert_int_equal(sc_report_relationship(r), SC_RELATIONSHIP_UNKNOWN);
    assert_int_equal(sc_report_set_typology(r, (sc_typology)-1), SC_EINVAL);
    assert_int_equal(sc_report_typology(NULL), SC_TYPOLOGY_NONE);
    /* evidence times are timestamps only; victims' first contact takes either */
    sc_evidence *e = new_evidence("e-1", SC_EVIDENCE_EMAIL);
    assert_int_equal(sc_evidence_set_time(e, SC_EVIDENCE_OCCURRED_AT, &date, &err), SC_EDATA);
    assert_int_equal(sc_evidence_set_time(e, SC_EVIDENCE_OCCURRED_AT, &stamp, &err), SC_OK);
    assert_int_equal(sc_evidence_get_time(e, SC_EVIDENCE_OCCURRED_AT).utc, stamp.utc);
    assert_int_equal(sc_evidence_get_time(e, SC_EVIDENCE_CAPTURED_AT).kind, SC_TIME_NONE);
    assert_int_equal(sc_evidence_add_custody(e, &date, "a", "b", NULL, &err), SC_EDATA);
    assert_int_equal(sc_evidence_add_custody(e, &stamp, "", "b", NULL, &err), SC_EDATA);
    assert_int_equal(sc_evidence_add_custody(e, &stamp, "a", "b", "\x02", &err), SC_EDATA);
    assert_int_equal(sc_evidence_custody_count(e), 0);
    assert_int_equal(sc_evidence_add_custody(e, &stamp, "a", "b", NULL, &err), SC_OK);
    const sc_custody *c = sc_evidence_custody(e, 0);
    assert_non_null(c);
    assert_string_equal(c->actor, "a");
    assert_string_equal(c->action, "b");
    assert_null(c->note);
    assert_null(sc_evidence_custody(e, 1));
    sc_evidence_free(e);
    sc_victim *v = new_victim("v-1");
    assert_int_equal(sc_victim_set_first_contact(v, &date, &err), SC_OK);
    assert_int_equal(sc_victim_first_contact(v).kind, SC_TIME_DATE);
    assert_int_equal(sc_victim_set_risk(v, SC_RISK_UNKNOWN), SC_OK);
    assert_int_equal(sc_victim_risk(v), SC_RISK_UNKNOWN);
    assert_int_equal(sc_victim_set_channel(v, (sc_channel)9), SC_EINVAL);
    sc_victim_free(v);
    sc_report_free(r);
}

static void test_cyber_element(void **state)
{
    sc_report *r = new_report("r-1");
    (void)state;
    /* nothing recorded, nothing itemised: unknown */
    assert_int_equal(sc_report_cyber_element(r), SC_TRISTATE_UNKNOWN);
    assert_int_equal(sc_report_cyber_recorded(r), SC_TRISTATE_NONE);
    assert_int_equal(sc_report_set_cyber_recorded(r, SC_TRISTATE_NO), SC_OK);
    assert_int_equal(sc_report_cyber_element(r), SC_TRISTATE_NO);
    /* evidence that is not digital changes nothing */
    assert_int_equal(sc_report_add_evidence(r, new_evidence("e-1", SC_EVIDENCE_OTHER)), SC_OK);
    assert_int_equal(sc_report_cyber_element(r), SC_TRISTATE_NO);
    /* a digital item makes it yes, whatever was recorded; the recorded value stays */
    sc_evidence *e = new_evidence("e-2", SC_EVIDENCE_KIND_NONE);
    assert_int_equal(sc_report_add_evidence(r, e), SC_OK);
    assert_int_equal(sc_report_cyber_element(r), SC_TRISTATE_NO);
    assert_int_equal(sc_evidence_set_kind(e, SC_EVIDENCE_GPS_TRACKER), SC_OK); /* borrowed */
    assert_int_equal(sc_report_cyber_element(r), SC_TRISTATE_YES);
    assert_int_equal(sc_report_cyber_recorded(r), SC_TRISTATE_NO);
    assert_int_equal(sc_report_cyber_element(NULL), SC_TRISTATE_NONE);
    sc_report_free(r);
}

/* ================================================================== ownership */

static void test_ownership(void **state)
{
    sc_casebook *cb = NULL;
    (void)state;
    assert_int_equal(sc_casebook_new(&cb), SC_OK);
    assert_int_equal(sc_casebook_new(NULL), SC_EINVAL);
    sc_report *r = new_report("r-1");
    sc_evidence *e = new_evidence("e-1", SC_EVIDENCE_EMAIL);
    assert_int_equal(sc_report_add_evidence(r, e), SC_OK);
    sc_evidence_free(e); /* belongs to r: does nothing */
    sc_report *other = new_report("r-2");
    assert_int_equal(sc_report_add_evidence(other, e), SC_EINVAL); /* already owned */
    assert_int_equal(sc_report_add_evidence(other, NULL), SC_EINVAL);
    assert_int_equal(sc_casebook_add_report(cb, r), SC_OK);
    sc_report_free(r); /* belongs to cb: does nothing */
    assert_int_equal(sc_casebook_add_report(cb, r), SC_EINVAL);
    /* a failed add leaves the caller owning the record */
    assert_int_equal(sc_casebook_add_report(NULL, other), SC_EINVAL);
    sc_report_free(other);
    /* borrowed pointers stay usable: fill fields after adding (a streaming reader may) */
    set_text(r, SC_REPORT_NOTES, "added later");
    assert_int_equal(sc_evidence_set_text(e, SC_EVIDENCE_PLATFORM, "Gmail", NULL), SC_OK);
    const sc_report *got = sc_casebook_report(cb, 0);
    assert_ptr_equal(got, r);
    assert_string_equal(sc_report_get_text(got, SC_REPORT_NOTES), "added later");
    assert_ptr_equal(sc_report_evidence(got, 0), e);
    assert_ptr_equal(sc_report_evidence_mut(r, 0), e);
    assert_string_equal(sc_evidence_get_text(sc_report_evidence(got, 0), SC_EVIDENCE_PLATFORM),
                        "Gmail");
    assert_null(sc_report_evidence(got, 1));
    sc_victim *v = new_victim("v-1");
    assert_int_equal(sc_casebook_add_victim(cb, v), SC_OK);
    sc_victim_free(v);
    assert_int_equal(sc_casebook_add_victim(cb, v), SC_EINVAL);
    assert_ptr_equal(sc_casebook_victim_mut(cb, 0), v);
    assert_null(sc_casebook_victim(cb, 1));
    assert_null(sc_casebook_report_mut(cb, 1));
    sc_casebook_free(cb);
    sc_casebook_free(NULL);
    sc_report_free(NULL);
    sc_victim_free(NULL);
    sc_evidence_free(NULL);
}

static int count_reports(const sc_report *r, void *payload)
{
    (void)r;
    return ++*(int *)payload == 2 ? 7 : 0;
}

static void test_lookup_and_iteration(void **state)
{
    sc_casebook *cb = sample(0);
    size_t i = 42;
    (void)state;
    assert_int_equal(sc_casebook_report_count(cb), 2);
    assert_int_equal(sc_casebook_victim_count(cb), 2);
    assert_int_equal(sc_casebook_find_report(cb, "r-2", &i), SC_OK);
    assert_int_equal(i, 1);
    assert_string_equal(sc_report_id(sc_casebook_report(cb, i)), "r-2");
    assert_int_equal(sc_casebook_find_victim(cb, "v-1", &i), SC_OK);
    assert_int_equal(i, 0);
    assert_int_equal(sc_casebook_find_report(cb, "r-3", &i), SC_ENOTFOUND);
    assert_true(i == (size_t)-1);
    assert_int_equal(sc_casebook_find_victim(cb, "r-1", &i), SC_ENOTFOUND);
    assert_int_equal(sc_casebook_find_report(NULL, "r-1", &i), SC_EINVAL);
    assert_int_equal(sc_casebook_find_report(cb, NULL, &i), SC_EINVAL);
    int n = 0;
    assert_int_equal(sc_casebook_foreach_report(cb, count_reports, &n), 7); /* stopped */
    assert_int_equal(n, 2);
    assert_int_equal(sc_casebook_foreach_report(cb, NULL, &n), SC_EINVAL);
    /* the first report with a duplicated id is the one found */
    sc_report *dup = new_report("r-1");
    assert_int_equal(sc_casebook_add_report(cb, dup), SC_OK);
    assert_int_equal(sc_casebook_find_report(cb, "r-1", &i), SC_OK);
    assert_int_equal(i, 0);
    assert_int_equal(sc_report_victim_count(sc_casebook_report(cb, 0)), 2);
    assert_string_equal(sc_report_victim(sc_casebook_report(cb, 0), 1), "v-2");
    assert_null(sc_report_victim(sc_casebook_report(cb, 0), 2));
    sc_error err;
    assert_int_equal(sc_report_add_victim(dup, "v-1", &err), SC_OK);
    assert_int_equal(sc_report_add_victim(dup, "v-1", &err), SC_EDATA); /* same one twice */
    assert_int_equal(sc_report_victim_count(dup), 1);
    /* many records: the index keeps up */
    for (int k = 0; k < 2000; k++) {
        char id[32];
        snprintf(id, sizeof id, "bulk-%d", k);
        assert_int_equal(sc_casebook_add_victim(cb, new_victim(id)), SC_OK);
    }
    assert_int_equal(sc_casebook_find_victim(cb, "bulk-1234", &i), SC_OK);
    assert_int_equal(i, 2 + 1234);
    sc_casebook_free(cb);
}

/* Many victim references: beyond a few, duplicates are found through a hash set. 100,000
 * distinct ids "v-0".."v-99999" are all accepted; re-adding the id at any position (the linear
 * range, its edge at 16, the first hashed ones, the middle, the last) is refused with the
 * message naming it, and the count stays 100,000. A copy refuses them too. Expected values by
 * construction: ids are distinct by their decimal numbers. */
static void test_many_victim_refs(void **state)
{
    (void)state;
    enum { N = 100000 };
    sc_report *r = new_report("r-1");
    char id[32];
    sc_error err;
    for (int k = 0; k < N; k++) {
        snprintf(id, sizeof id, "v-%d", k);
        assert_int_equal(sc_report_add_victim(r, id, &err), SC_OK);
        if (k % 997 == 0 && k > 0) { /* while growing: an earlier one is refused */
            snprintf(id, sizeof id, "v-%d", k / 2);
            assert_int_equal(sc_report_add_victim(r, id, &err), SC_EDATA);
        }
    }
    assert_int_equal(sc_report_victim_count(r), N);
    assert_string_equal(sc_report_victim(r, 0), "v-0");
    assert_string_equal(sc_report_victim(r, 54321), "v-54321");
    assert_string_equal(sc_report_victim(r, N - 1), "v-99999");
    static const int pos[] = { 0, 1, 15, 16, 17, 63, 64, 50000, N - 1 };
    sc_report *copy = NULL;
    assert_int_equal(sc_report_copy(&copy, r), SC_OK);
    for (size_t i = 0; i < sizeof pos / sizeof pos[0]; i++) {
        snprintf(id, sizeof id, "v-%d", pos[i]);
        assert_int_equal(sc_report_add_victim(r, id, &err), SC_EDATA);
        char want[80];
        snprintf(want, sizeof want, "report \"r-1\" already refers to victim \"%s\"", id);
        assert_string_equal(err.message, want);
        assert_int_equal(sc_report_add_victim(copy, id, &err), SC_EDATA);
    }
    assert_int_equal(sc_report_victim_count(r), N);
    assert_int_equal(sc_report_victim_count(copy), N);
    /* near misses are not duplicates */
    assert_int_equal(sc_report_add_victim(r, "v-100000", &err), SC_OK);
    assert_int_equal(sc_report_add_victim(r, "V-1", &err), SC_OK);
    assert_int_equal(sc_report_add_victim(copy, "v-", &err), SC_OK);
    assert_int_equal(sc_report_victim_count(r), N + 2);
    assert_int_equal(sc_report_victim_count(copy), N + 1);
    assert_false(sc_report_equal(r, copy));
    sc_report_free(copy);
    sc_report_free(r);
}

/* ================================================================== copies */

/* A casebook made of copies of every record of src (victims, then reports). */
static sc_casebook *copy_records(const sc_casebook *src)
{
    sc_casebook *cb = NULL;
    assert_int_equal(sc_casebook_new(&cb), SC_OK);
    for (size_t i = 0; i < sc_casebook_victim_count(src); i++) {
        sc_victim *v = NULL;
        assert_int_equal(sc_victim_copy(&v, sc_casebook_victim(src, i)), SC_OK);
        assert_ptr_not_equal(v, sc_casebook_victim(src, i));
        assert_int_equal(sc_casebook_add_victim(cb, v), SC_OK); /* not owned: can be added */
    }
    for (size_t i = 0; i < sc_casebook_report_count(src); i++) {
        sc_report *r = NULL;
        assert_int_equal(sc_report_copy(&r, sc_casebook_report(src, i)), SC_OK);
        assert_int_equal(sc_casebook_add_report(cb, r), SC_OK);
    }
    return cb;
}

/* Copies are deep-equal to their originals (each variant of sample() changes one field, and a
 * copy of variant v equals variant v but not variant 0), independent of them, and the
 * caller's. */
static void test_copy(void **state)
{
    (void)state;
    sc_casebook *base = sample(0);
    for (int v = 0; v < VARIANTS; v++) {
        sc_casebook *orig = sample(v);
        sc_casebook *copy = copy_records(orig);
        if (!sc_casebook_equal(copy, orig))
            fail_msg("copy of variant %d differs from it", v);
        if (v > 0 && sc_casebook_equal(copy, base))
            fail_msg("copy of variant %d lost its difference", v);
        sc_casebook_free(orig); /* the copy does not share memory with it */
        sc_casebook_free(copy);
    }

    /* independence: changing the copy leaves the original as it was, field by field */
    const sc_report *r0 = sc_casebook_report(base, 0);
    sc_report *r = NULL;
    assert_int_equal(sc_report_copy(&r, r0), SC_OK);
    assert_string_equal(sc_report_id(r), "r-1");
    assert_string_equal(sc_report_get_text(r, SC_REPORT_NOTES), "Notes\nline two");
    assert_int_equal(sc_report_evidence_count(r), 1);
    assert_ptr_not_equal(sc_report_evidence(r, 0), sc_report_evidence(r0, 0));
    set_text(r, SC_REPORT_NOTES, "changed");
    assert_int_equal(sc_report_add_victim(r, "v-9", NULL), SC_OK);
    sc_evidence *e = sc_report_evidence_mut(r, 0);
    assert_int_equal(sc_evidence_set_text(e, SC_EVIDENCE_PLATFORM, "Signal", NULL), SC_OK);
    assert_string_equal(sc_report_get_text(r0, SC_REPORT_NOTES), "Notes\nline two");
    assert_int_equal(sc_report_victim_count(r0), 2);
    assert_string_equal(sc_evidence_get_text(sc_report_evidence(r0, 0), SC_EVIDENCE_PLATFORM),
                        "WhatsApp");
    /* the copied evidence belongs to the copied report */
    sc_report *other = new_report("r-x");
    assert_int_equal(sc_report_add_evidence(other, e), SC_EINVAL);
    sc_report_free(other);
    sc_report_free(r);

    /* an evidence item of a report: the copy is the caller's */
    sc_evidence *ec = NULL;
    assert_int_equal(sc_evidence_copy(&ec, sc_report_evidence(r0, 0)), SC_OK);
    assert_true(sc_evidence_equal(ec, sc_report_evidence(r0, 0)));
    assert_int_equal(sc_evidence_custody_count(ec), 2);
    assert_string_equal(sc_evidence_custody(ec, 1)->note, "sealed bag 6");
    assert_null(sc_evidence_custody(ec, 0)->note);
    sc_report *holder = new_report("r-y");
    assert_int_equal(sc_report_add_evidence(holder, ec), SC_OK);
    sc_report_free(holder);

    /* a victim: every field */
    sc_victim *vc = NULL;
    assert_int_equal(sc_victim_copy(&vc, sc_casebook_victim(base, 0)), SC_OK);
    assert_string_equal(sc_victim_get_text(vc, SC_VICTIM_CONTACT), "07700 900123");
    assert_int_equal(sc_victim_risk(vc), SC_RISK_HIGH);
    assert_int_equal(sc_victim_set_risk(vc, SC_RISK_STANDARD), SC_OK);
    assert_int_equal(sc_victim_risk(sc_casebook_victim(base, 0)), SC_RISK_HIGH);
    sc_victim_free(vc);

    /* a record with no optional field */
    sc_evidence *bare = new_evidence("e-bare", SC_EVIDENCE_KIND_NONE);
    assert_int_equal(sc_evidence_copy(&ec, bare), SC_OK);
    assert_true(sc_evidence_equal(ec, bare));
    assert_int_equal(sc_evidence_digest(ec, NULL, NULL), SC_ENOTFOUND);
    sc_evidence_free(ec);
    sc_evidence_free(bare);

    /* arguments */
    ec = (sc_evidence *)1;
    assert_int_equal(sc_evidence_copy(&ec, NULL), SC_EINVAL);
    assert_null(ec);
    assert_int_equal(sc_evidence_copy(NULL, sc_report_evidence(r0, 0)), SC_EINVAL);
    r = (sc_report *)1;
    assert_int_equal(sc_report_copy(&r, NULL), SC_EINVAL);
    assert_null(r);
    assert_int_equal(sc_report_copy(NULL, r0), SC_EINVAL);
    vc = (sc_victim *)1;
    assert_int_equal(sc_victim_copy(&vc, NULL), SC_EINVAL);
    assert_null(vc);
    assert_int_equal(sc_victim_copy(NULL, sc_casebook_victim(base, 0)), SC_EINVAL);
    sc_casebook_free(base);
}

/* ================================================================== equality */

static void test_equal(void **state)
{
    sc_casebook *a = sample(0), *b = sample(0);
    (void)state;
    assert_true(sc_casebook_equal(a, b));
    assert_true(sc_casebook_equal(a, a));
    assert_true(sc_casebook_equal(NULL, NULL));
    assert_false(sc_casebook_equal(a, NULL));
    for (int v = 1; v < VARIANTS; v++) {
        sc_casebook *c = sample(v);
        if (sc_casebook_equal(a, c))
            fail_msg("variant %d compares equal", v);
        sc_casebook_free(c);
    }
    /* the digest itself, then a record more */
    sc_evidence *e = sc_report_evidence_mut(sc_casebook_report_mut(b, 0), 0);
    assert_int_equal(sc_evidence_set_digest(e, NULL, 0), SC_OK);
    assert_false(sc_casebook_equal(a, b));
    sc_casebook_free(b);
    b = sample(0);
    assert_int_equal(sc_casebook_add_victim(b, new_victim("v-3")), SC_OK);
    assert_false(sc_casebook_equal(a, b));
    sc_casebook_free(a);
    sc_casebook_free(b);
}

/* ================================================================== integrity checks */

typedef struct seen {
    sc_problem_code code;
    sc_record_kind kind;
    char id[32], report_id[32], detail[32], message[256];
} seen;

typedef struct seen_list {
    seen items[32];
    size_t n;
} seen_list;

static void copy_or_empty(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src ? src : "");
}

static int collect(const sc_problem *p, void *payload)
{
    seen_list *l = payload;
    assert_true(l->n < ARRAY_LEN(l->items));
    seen *s = &l->items[l->n++];
    s->code = p->code;
    s->kind = p->kind;
    copy_or_empty(s->id, sizeof s->id, p->id);
    copy_or_empty(s->report_id, sizeof s->report_id, p->report_id);
    copy_or_empty(s->detail, sizeof s->detail, p->detail);
    copy_or_empty(s->message, sizeof s->message, p->message);
    return 0;
}

static int stop_at_first(const sc_problem *p, void *payload)
{
    (void)p;
    ++*(int *)payload;
    return SC_EUSER;
}

static void test_check(void **state)
{
    sc_casebook *cb = sample(0);
    sc_error err;
    seen_list l = { .n = 0 };
    (void)state;
    /* a complete casebook passes */
    assert_int_equal(sc_casebook_check(cb, collect, &l, &err), SC_OK);
    assert_int_equal(l.n, 0);
    sc_casebook_free(cb);

    assert_int_equal(sc_casebook_new(&cb), SC_OK);
    assert_int_equal(sc_casebook_add_victim(cb, new_victim("v1")), SC_OK);
    assert_int_equal(sc_casebook_add_victim(cb, new_victim("v2")), SC_OK);
    assert_int_equal(sc_casebook_add_victim(cb, new_victim("v1")), SC_OK);     /* duplicate */
    sc_report *r;
    r = new_report("r1"); /* complete, evidence e1 */
    set_time(r, SC_REPORT_REPORTED_AT, "2024-03-05T14:30:00+01:00");
    set_time(r, SC_REPORT_FIRST_INCIDENT, "2024-03-05"); /* same local date: in order */
    assert_int_equal(sc_report_set_offence(r, SC_OFFENCE_STALKING), SC_OK);
    assert_int_equal(sc_report_add_victim(r, "v1", NULL), SC_OK);
    assert_int_equal(sc_report_add_evidence(r, new_evidence("e1", SC_EVIDENCE_EMAIL)), SC_OK);
    assert_int_equal(sc_casebook_add_report(cb, r), SC_OK);
    r = new_report("r2"); /* no reported_at; evidence id e1 again */
    assert_int_equal(sc_report_set_offence(r, SC_OFFENCE_HARASSMENT), SC_OK);
    assert_int_equal(sc_report_add_evidence(r, new_evidence("e1", SC_EVIDENCE_EMAIL)), SC_OK);
    assert_int_equal(sc_casebook_add_report(cb, r), SC_OK);
    r = new_report("r1"); /* duplicate id, no offence */
    set_time(r, SC_REPORT_REPORTED_AT, "2024-03-05T14:30:00Z");
    assert_int_equal(sc_casebook_add_report(cb, r), SC_OK);
    r = new_report("r3"); /* last incident before the first */
    set_time(r, SC_REPORT_REPORTED_AT, "2024-03-20T10:00:00Z");
    set_time(r, SC_REPORT_FIRST_INCIDENT, "2024-03-10");
    set_time(r, SC_REPORT_LAST_INCIDENT, "2024-03-01");
    assert_int_equal(sc_report_set_offence(r, SC_OFFENCE_STALKING), SC_OK);
    assert_int_equal(sc_casebook_add_report(cb, r), SC_OK);
    r = new_report("r4"); /* reported before the last incident (local date 2024-03-09) */
    set_time(r, SC_REPORT_REPORTED_AT, "2024-03-09T23:00:00-01:00");
    set_time(r, SC_REPORT_LAST_INCIDENT, "2024-03-10");
    assert_int_equal(sc_report_set_offence(r, SC_OFFENCE_STALKING), SC_OK);
    assert_int_equal(sc_casebook_add_report(cb, r), SC_OK);
    r = new_report("r5"); /* unknown victim, evidence without kind */
    set_time(r, SC_REPORT_REPORTED_AT, "2024-03-20T10:00:00Z");
    assert_int_equal(sc_report_set_offence(r, SC_OFFENCE_OTHER), SC_OK);
    assert_int_equal(sc_report_add_victim(r, "v2", NULL), SC_OK);
    assert_int_equal(sc_report_add_victim(r, "v9", NULL), SC_OK);
    assert_int_equal(sc_report_add_evidence(r, new_evidence("e5", SC_EVIDENCE_KIND_NONE)), SC_OK);
    assert_int_equal(sc_casebook_add_report(cb, r), SC_OK);

    static const struct {
        sc_problem_code code;
        sc_record_kind kind;
        const char *id, *report_id, *detail, *message;
    } want[] = {
        { SC_PROBLEM_DUPLICATE_ID, SC_RECORD_VICTIM, "v1", "", "",
          "victim \"v1\": duplicate id (the first is victim 1)" },
        { SC_PROBLEM_DUPLICATE_ID, SC_RECORD_REPORT, "r1", "r1", "",
          "report \"r1\": duplicate id (the first is report 1)" },
        { SC_PROBLEM_DUPLICATE_ID, SC_RECORD_EVIDENCE, "e1", "r2", "",
          "evidence \"e1\" in report \"r2\": duplicate id" },
        { SC_PROBLEM_MISSING_FIELD, SC_RECORD_REPORT, "r2", "r2", "reported_at",
          "report \"r2\": reported_at is missing" },
        { SC_PROBLEM_MISSING_FIELD, SC_RECORD_REPORT, "r1", "r1", "offence",
          "report \"r1\": offence is missing" },
        { SC_PROBLEM_DATE_ORDER, SC_RECORD_REPORT, "r3", "r3", "last_incident",
          "report \"r3\": last incident is before the first incident" },
        { SC_PROBLEM_DATE_ORDER, SC_RECORD_REPORT, "r4", "r4", "reported_at",
          "report \"r4\": reported_at is before the last incident" },
        { SC_PROBLEM_UNKNOWN_VICTIM, SC_RECORD_REPORT, "r5", "r5", "v9",
          "report \"r5\": refers to victim \"v9\", who is not in the casebook" },
        { SC_PROBLEM_MISSING_FIELD, SC_RECORD_EVIDENCE, "e5", "r5", "kind",
          "evidence \"e5\" in report \"r5\": kind is missing" },
    };
    sc_error_clear(&err);
    assert_int_equal(sc_casebook_check(cb, collect, &l, &err), SC_EDATA);
    assert_int_equal(l.n, ARRAY_LEN(want));
    for (size_t i = 0; i < ARRAY_LEN(want); i++) {
        assert_int_equal(l.items[i].code, want[i].code);
        assert_int_equal(l.items[i].kind, want[i].kind);
        assert_string_equal(l.items[i].id, want[i].id);
        assert_string_equal(l.items[i].report_id, want[i].report_id);
        assert_string_equal(l.items[i].detail, want[i].detail);
        assert_string_equal(l.items[i].message, want[i].message);
    }
    assert_int_equal(err.code, SC_EDATA);
    assert_string_equal(err.message,
                        "victim \"v1\": duplicate id (the first is victim 1) (9 problems in all)");
    /* without a callback: the status and the first problem */
    assert_int_equal(sc_casebook_check(cb, NULL, NULL, &err), SC_EDATA);
    tu_assert_contains(err.message, "9 problems");
    /* a callback that stops */
    int calls = 0;
    assert_int_equal(sc_casebook_check(cb, stop_at_first, &calls, &err), SC_EUSER);
    assert_int_equal(calls, 1);
    assert_int_equal(sc_casebook_check(NULL, NULL, NULL, &err), SC_EINVAL);
    sc_casebook_free(cb);
}

/* ================================================================== digests */

static const char *const FIXTURE_HEX =
    "871c852af9d01080b33595b8855cc9c3c48dcb31fc827a8fc9d95cad8f49e2bd";
#define FIXTURE_SIZE 136

static void test_digest_buffer(void **state)
{
    sc_evidence *e = new_evidence("e-1", SC_EVIDENCE_EMAIL);
    char hex[SC_SHA256_HEX_SIZE];
    uint64_t size = 99;
    sc_error err;
    (void)state;
    assert_int_equal(sc_evidence_digest(e, NULL, &size), SC_ENOTFOUND);
    assert_int_equal(size, 0);
    assert_int_equal(sc_evidence_verify_buffer(e, "x", 1, &err), SC_ENOTFOUND);
    const char *fox = "The quick brown fox jumps over the lazy dog";
    assert_int_equal(sc_evidence_digest_buffer(e, fox, strlen(fox)), SC_OK);
    hex_of(hex, e);
    assert_string_equal(hex, "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592");
    assert_int_equal(sc_evidence_digest(e, NULL, &size), SC_OK);
    assert_int_equal(size, 43);
    assert_int_equal(sc_evidence_verify_buffer(e, fox, strlen(fox), &err), SC_OK);
    assert_int_equal(sc_evidence_verify_buffer(e, "The quick brown fox jumps over the lazy cog",
                                               43, &err), SC_EDATA);
    tu_assert_contains(err.message, "SHA-256");
    assert_int_equal(sc_evidence_verify_buffer(e, fox, 42, &err), SC_EDATA);
    tu_assert_contains(err.message, "42 bytes");
    assert_int_equal(sc_evidence_digest_buffer(e, NULL, 0), SC_OK);
    hex_of(hex, e);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assert_int_equal(sc_evidence_digest_buffer(e, NULL, 1), SC_EINVAL);
    /* hexadecimal round trip; only the lower-case form is read */
    uint8_t d[SC_SHA256_SIZE];
    assert_int_equal(sc_sha256_from_hex(d, FIXTURE_HEX, &err), SC_OK);
    assert_int_equal(sc_evidence_set_digest(e, d, FIXTURE_SIZE), SC_OK);
    hex_of(hex, e);
    assert_string_equal(hex, FIXTURE_HEX);
    char upper[SC_SHA256_HEX_SIZE];
    for (int i = 0; i < 64; i++)
        upper[i] = (char)(FIXTURE_HEX[i] >= 'a' ? FIXTURE_HEX[i] - 32 : FIXTURE_HEX[i]);
    upper[64] = '\0';
    assert_int_equal(sc_sha256_from_hex(d, upper, &err), SC_EDATA);
    assert_int_equal(sc_sha256_from_hex(d, "871c", &err), SC_EDATA);
    assert_int_equal(sc_sha256_to_hex(hex, SC_SHA256_HEX_SIZE - 1, d), SC_EINVAL);
    sc_evidence_free(e);
}

static void test_digest_file(void **state)
{
    char path[TU_PATH_MAX], hex[SC_SHA256_HEX_SIZE];
    sc_evidence *e = new_evidence("e-1", SC_EVIDENCE_MESSAGING_APP);
    sc_error err;
    uint64_t size;
    (void)state;
    tu_fixture(path, "casebook/evidence-message.txt");
    assert_int_equal(sc_evidence_digest_file(e, path, &err), SC_OK);
    hex_of(hex, e);
    assert_string_equal(hex, FIXTURE_HEX);
    assert_int_equal(sc_evidence_digest(e, NULL, &size), SC_OK);
    assert_int_equal(size, FIXTURE_SIZE);
    assert_int_equal(sc_evidence_verify(e, path, &err), SC_OK);

    /* a copy verifies; changing one byte, or cutting the file, makes it fail */
    char tmp[] = "/tmp/sc-test-evidence-XXXXXX";
    int fd = mkstemp(tmp);
    assert_true(fd >= 0);
    size_t len = 0;
    unsigned char *data = tu_slurp(path, &len);
    assert_int_equal(len, FIXTURE_SIZE);
    assert_int_equal(write(fd, data, len), (ssize_t)len);
    close(fd);
    assert_int_equal(sc_evidence_verify(e, tmp, &err), SC_OK);
    data[0] ^= 1;
    FILE *fp = fopen(tmp, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, len, fp), len);
    fclose(fp);
    sc_error_clear(&err);
    assert_int_equal(sc_evidence_verify(e, tmp, &err), SC_EDATA);
    tu_assert_contains(err.message, "altered");
    assert_string_equal(err.source, tmp);
    fp = fopen(tmp, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, len - 1, fp), len - 1);
    fclose(fp);
    assert_int_equal(sc_evidence_verify(e, tmp, &err), SC_EDATA);
    tu_assert_contains(err.message, "135 bytes");
    free(data);

    /* 200000 bytes: several 64 KiB pieces (expected value from hashlib, see the top) */
    fp = fopen(tmp, "wb");
    assert_non_null(fp);
    for (int i = 0; i < 200000; i++)
        fputc((i * 7 + 3) % 251, fp);
    fclose(fp);
    assert_int_equal(sc_evidence_digest_file(e, tmp, &err), SC_OK);
    hex_of(hex, e);
    assert_string_equal(hex, "d2979f63fc353288130be1837d34f088e378e76c5baa67b8a6077c950db3c286");
    assert_int_equal(sc_evidence_digest(e, NULL, &size), SC_OK);
    assert_int_equal(size, 200000);
    unlink(tmp);

    /* a missing file: SC_EIO naming it; the digest is unchanged */
    assert_int_equal(sc_evidence_verify(e, tmp, &err), SC_EIO);
    assert_int_equal(sc_evidence_digest_file(e, tmp, &err), SC_EIO);
    assert_string_equal(err.source, tmp);
    assert_true(err.sys_errno != 0);
    hex_of(hex, e);
    assert_string_equal(hex, "d2979f63fc353288130be1837d34f088e378e76c5baa67b8a6077c950db3c286");
    assert_int_equal(sc_evidence_verify(e, NULL, &err), SC_EINVAL);
    sc_evidence_free(e);
}

/* ================================================================== counting */

static void add_counted(sc_casebook *cb, const char *id, const char *code, const char *name,
                        const char *borough, sc_offence o, const char *at,
                        sc_evidence_kind kind, sc_tristate cyber)
{
    sc_report *r = new_report(id);
    if (code)
        set_area(r, code, name, borough);
    else
        set_text(r, SC_REPORT_BOROUGH, borough);
    set_time(r, SC_REPORT_REPORTED_AT, at);
    assert_int_equal(sc_report_set_offence(r, o), SC_OK);
    if (kind != SC_EVIDENCE_KIND_NONE) {
        char eid[32];
        snprintf(eid, sizeof eid, "%s-e", id);
        assert_int_equal(sc_report_add_evidence(r, new_evidence(eid, kind)), SC_OK);
    }
    assert_int_equal(sc_report_set_cyber_recorded(r, cyber), SC_OK);
    assert_int_equal(sc_casebook_add_report(cb, r), SC_OK);
}

static uint64_t get(const sc_counts *c, const char *code, const char *name, const char *borough,
                    const char *major, const char *minor, sc_month m)
{
    uint64_t n = 999;
    assert_int_equal(sc_counts_get(c, code, name, borough, major, minor, m, &n), SC_OK);
    return n;
}

static void test_count(void **state)
{
    static const char *const W1 = "E05000001", *const W2 = "E05000002";
    const char *stalk = sc_offence_label(SC_OFFENCE_STALKING);
    const char *har = sc_offence_label(SC_OFFENCE_HARASSMENT);
    const char *mal = sc_offence_label(SC_OFFENCE_MALICIOUS_COMMUNICATIONS);
    sc_casebook *cb = NULL;
    sc_error err;
    (void)state;
    assert_int_equal(sc_casebook_new(&cb), SC_OK);
    /* a: W1, stalking, local 2024-03-05; a text message -> cyber yes */
    add_counted(cb, "a", W1, "Alpha", "Westminster", SC_OFFENCE_STALKING,
                "2024-03-05T14:30:00+01:00", SC_EVIDENCE_TEXT_MESSAGE, SC_TRISTATE_NONE);
    /* b: W1, stalking, local 2024-03-31 (UTC is already 1 April) -> March; recorded no */
    add_counted(cb, "b", W1, "Alpha", "Westminster", SC_OFFENCE_STALKING,
                "2024-03-31T23:30:00-02:00", SC_EVIDENCE_KIND_NONE, SC_TRISTATE_NO);
    /* c: W1, harassment, local 2024-04-01 (UTC still 31 March) -> April; nothing -> unknown */
    add_counted(cb, "c", W1, "Alpha", "Westminster", SC_OFFENCE_HARASSMENT,
                "2024-04-01T00:30:00+01:00", SC_EVIDENCE_KIND_NONE, SC_TRISTATE_NONE);
    /* d: W2, stalking, 2024-03-10; evidence not digital but recorded yes -> yes */
    add_counted(cb, "d", W2, "Beta", "Camden", SC_OFFENCE_STALKING, "2024-03-10T09:00:00Z",
                SC_EVIDENCE_OTHER, SC_TRISTATE_YES);
    /* e: borough only, malicious communications, 2024-04-02; other evidence -> unknown */
    add_counted(cb, "e", NULL, NULL, "Camden", SC_OFFENCE_MALICIOUS_COMMUNICATIONS,
                "2024-04-02T10:00:00Z", SC_EVIDENCE_OTHER, SC_TRISTATE_NONE);

    sc_counts *c = NULL, *y = NULL;
    assert_int_equal(sc_counts_new(&c), SC_OK);
    assert_int_equal(sc_counts_new(&y), SC_OK);
    /* a Met-style cell already in the table: stats select both by "STALKING AND HARASSMENT" */
    assert_int_equal(sc_counts_add(c, W1, "Alpha", "Westminster", "VIOLENCE AGAINST THE PERSON",
                                   "STALKING AND HARASSMENT", M(2024, 3), 7, &err), SC_OK);
    assert_int_equal(sc_casebook_count(cb, c, &err), SC_OK);
    assert_int_equal(sc_casebook_count_cyber(cb, y, &err), SC_OK);

    /* by hand: (W1, stalking, Mar) a+b = 2; (W1, harassment, Apr) c = 1; (W2, stalking, Mar)
     * d = 1; (Camden only, malicious, Apr) e = 1; plus the Met cell */
    assert_int_equal(sc_counts_size(c), 5);
    assert_int_equal(get(c, W1, "Alpha", "Westminster", SC_REPORT_MAJOR, stalk, M(2024, 3)), 2);
    assert_int_equal(get(c, W1, "Alpha", "Westminster", SC_REPORT_MAJOR, har, M(2024, 4)), 1);
    assert_int_equal(get(c, W1, "Alpha", "Westminster", SC_REPORT_MAJOR, har, M(2024, 3)), 0);
    assert_int_equal(get(c, W2, "Beta", "Camden", SC_REPORT_MAJOR, stalk, M(2024, 3)), 1);
    assert_int_equal(get(c, "", "", "Camden", SC_REPORT_MAJOR, mal, M(2024, 4)), 1);
    /* months: March 7 + 3 = 10, April 2, under the command's default category */
    sc_totals *t = tu_totals(c, SC_GROUP_MONTH, "STALKING AND HARASSMENT", SC_MONTH_NONE,
                             SC_MONTH_NONE);
    assert_int_equal(sc_totals_size(t), 2);
    assert_int_equal(sc_totals_get(t, 0)->month, M(2024, 3));
    assert_int_equal(sc_totals_get(t, 0)->count, 10);
    assert_int_equal(sc_totals_get(t, 1)->count, 2);
    sc_totals_free(t);
    /* boroughs: Westminster 7 + 3 = 10, Camden 2 */
    t = tu_totals(c, SC_GROUP_BOROUGH, NULL, SC_MONTH_NONE, SC_MONTH_NONE);
    assert_string_equal(sc_totals_get(t, 0)->borough, "Westminster");
    assert_int_equal(sc_totals_get(t, 0)->count, 10);
    assert_string_equal(sc_totals_get(t, 1)->borough, "Camden");
    assert_int_equal(sc_totals_get(t, 1)->count, 2);
    sc_totals_free(t);

    /* cyber: yes a, d; no b; unknown c, e */
    assert_int_equal(sc_counts_size(y), 5);
    assert_int_equal(get(y, W1, "Alpha", "Westminster", SC_CYBER_MAJOR, "yes", M(2024, 3)), 1);
    assert_int_equal(get(y, W1, "Alpha", "Westminster", SC_CYBER_MAJOR, "no", M(2024, 3)), 1);
    assert_int_equal(get(y, W1, "Alpha", "Westminster", SC_CYBER_MAJOR, "unknown", M(2024, 4)),
                     1);
    assert_int_equal(get(y, W2, "Beta", "Camden", SC_CYBER_MAJOR, "yes", M(2024, 3)), 1);
    assert_int_equal(get(y, "", "", "Camden", SC_CYBER_MAJOR, "unknown", M(2024, 4)), 1);
    t = tu_totals(y, SC_GROUP_CATEGORY, NULL, SC_MONTH_NONE, SC_MONTH_NONE);
    assert_int_equal(sc_totals_size(t), 3);
    assert_int_equal(sc_totals_sum(t), 5);
    sc_totals_free(t);

    /* a report that cannot be counted: SC_EDATA naming it, and the table is unchanged */
    sc_counts *before = NULL;
    assert_int_equal(sc_counts_new(&before), SC_OK);
    assert_int_equal(sc_counts_merge(before, c, &err), SC_OK);
    assert_int_equal(sc_casebook_add_report(cb, new_report("no-fields")), SC_OK);
    assert_int_equal(sc_casebook_count(cb, c, &err), SC_EDATA);
    tu_assert_contains(err.message, "\"no-fields\"");
    tu_assert_contains(err.message, "reported_at");
    assert_true(sc_counts_equal(c, before));
    set_time(sc_casebook_report_mut(cb, 5), SC_REPORT_REPORTED_AT, "2024-05-01T10:00:00Z");
    assert_int_equal(sc_casebook_count(cb, c, &err), SC_EDATA);
    tu_assert_contains(err.message, "offence");
    assert_true(sc_counts_equal(c, before));
    /* the cyber table needs only reported_at */
    assert_int_equal(sc_report_count_cyber(sc_casebook_report(cb, 5), y, &err), SC_OK);
    assert_int_equal(get(y, "", "", "", SC_CYBER_MAJOR, "unknown", M(2024, 5)), 1);
    assert_int_equal(sc_casebook_count(NULL, c, &err), SC_EINVAL);
    assert_int_equal(sc_report_count(NULL, c, &err), SC_EINVAL);
    sc_counts_free(before);
    sc_counts_free(c);
    sc_counts_free(y);
    sc_casebook_free(cb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vocab_tokens),
        cmocka_unit_test(test_texts),
        cmocka_unit_test(test_times_and_enums),
        cmocka_unit_test(test_cyber_element),
        cmocka_unit_test(test_ownership),
        cmocka_unit_test(test_lookup_and_iteration),
        cmocka_unit_test(test_copy),
        cmocka_unit_test(test_equal),
        cmocka_unit_test(test_check),
        cmocka_unit_test(test_digest_buffer),
        cmocka_unit_test(test_digest_file),
        cmocka_unit_test(test_count),
        cmocka_unit_test(test_many_victim_refs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
