/*
 * casebook_demo - builds a casebook in code, writes it to a temporary file, reads it back,
 * checks that both are equal and prints a summary. A worked example of the case-record API
 * (casebook.h, report.h, victim.h, evidence.h) and the XML layer (xml.h); run by
 * tests/test_cli_xml.sh.
 *
 *   casebook_demo [DIRECTORY]
 *
 * The temporary file goes to DIRECTORY (default: $TMPDIR, else /tmp) and is removed at the
 * end. Exit status 0 when every step succeeds and the casebook read back equals the one
 * written, 1 otherwise (the failing step is named on standard error).
 *
 * Everything in it is invented: no real person, place or case.
 */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#define _POSIX_C_SOURCE 200809L /* mkstemp */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <stalkcase/stalkcase.h>

/** Reports a failed library call (with the error's details when there are any). */
static int fail(const char *step, int rc, const sc_error *err)
{
    if (err != NULL && err->message[0] != '\0')
        fprintf(stderr, "casebook_demo: %s: %s\n", step, err->message);
    else
        fprintf(stderr, "casebook_demo: %s: %s\n", step, sc_strerror(rc));
    return 1;
}

/** A time from its ISO 8601 text (date or timestamp with offset). */
static int parse_time(sc_time *t, const char *text, sc_error *err)
{
    return sc_time_parse(t, text, SC_TIME_ACCEPT_DATE | SC_TIME_ACCEPT_DATETIME, err);
}

/** The screenshot the evidence item stands for (in real use: the captured file's bytes). */
static const char screenshot[] = "PNG bytes of a screenshot of 14 messages sent overnight";

/**
 * Builds the demo casebook: one victim, one report of stalking (PHA 1997 s.2A) referring to
 * her, with one evidence item (a messaging-app screenshot, its SHA-256 digest taken from a
 * buffer) carrying two chain-of-custody entries.
 * @return SC_OK (and *out owned by the caller) or a status (err filled where the library does).
 */
static int build(sc_casebook **out, sc_error *err)
{
    sc_casebook *cb = NULL;
    sc_victim *v = NULL;
    sc_report *r = NULL;
    sc_evidence *e = NULL;
    sc_time t;
    int rc;

    *out = NULL;
    rc = sc_casebook_new(&cb);
    /* The victim. */
    if (rc == SC_OK)
        rc = sc_victim_new(&v, "v-001", err);
    if (rc == SC_OK)
        rc = sc_victim_set_text(v, SC_VICTIM_AGE_BAND, "25-34", err);
    if (rc == SC_OK)
        rc = sc_victim_set_risk(v, SC_RISK_HIGH);
    if (rc == SC_OK)
        rc = sc_victim_set_consent(v, SC_TRISTATE_YES);
    if (rc == SC_OK && (rc = parse_time(&t, "2025-03-02T09:15:00+00:00", err)) == SC_OK)
        rc = sc_victim_set_first_contact(v, &t, err);
    if (rc == SC_OK && (rc = sc_casebook_add_victim(cb, v)) == SC_OK)
        v = NULL; /* the casebook owns it now */

    /* The report. */
    if (rc == SC_OK)
        rc = sc_report_new(&r, "r-001", err);
    if (rc == SC_OK && (rc = parse_time(&t, "2025-03-01T22:40:00+00:00", err)) == SC_OK)
        rc = sc_report_set_time(r, SC_REPORT_REPORTED_AT, &t, err);
    if (rc == SC_OK && (rc = parse_time(&t, "2025-01-10", err)) == SC_OK)
        rc = sc_report_set_time(r, SC_REPORT_FIRST_INCIDENT, &t, err);
    if (rc == SC_OK && (rc = parse_time(&t, "2025-02-28", err)) == SC_OK)
        rc = sc_report_set_time(r, SC_REPORT_LAST_INCIDENT, &t, err);
    if (rc == SC_OK)
        rc = sc_report_set_offence(r, SC_OFFENCE_STALKING);
    if (rc == SC_OK)
        rc = sc_report_set_text(r, SC_REPORT_WARD_CODE, "E05900001", err);
    if (rc == SC_OK)
        rc = sc_report_set_text(r, SC_REPORT_WARD_NAME, "Fennbrook Central", err);
    if (rc == SC_OK)
        rc = sc_report_set_text(r, SC_REPORT_BOROUGH, "Fennbrook", err);
    if (rc == SC_OK)
        rc = sc_report_add_victim(r, "v-001", err);

    /* The evidence item, its digest and its chain of custody. */
    if (rc == SC_OK)
        rc = sc_evidence_new(&e, "e-001", err);
    if (rc == SC_OK)
        rc = sc_evidence_set_kind(e, SC_EVIDENCE_MESSAGING_APP);
    if (rc == SC_OK)
        rc = sc_evidence_set_text(e, SC_EVIDENCE_PLATFORM, "WhatsApp", err);
    if (rc == SC_OK)
        rc = sc_evidence_set_text(e, SC_EVIDENCE_MEDIA_TYPE, "image/png", err);
    if (rc == SC_OK && (rc = parse_time(&t, "2025-03-01T23:05:00+00:00", err)) == SC_OK)
        rc = sc_evidence_set_time(e, SC_EVIDENCE_CAPTURED_AT, &t, err);
    if (rc == SC_OK)
        rc = sc_evidence_digest_buffer(e, screenshot, sizeof screenshot - 1);
    if (rc == SC_OK && (rc = parse_time(&t, "2025-03-01T23:10:00+00:00", err)) == SC_OK)
        rc = sc_evidence_add_custody(e, &t, "pc-1234", "captured", NULL, err);
    if (rc == SC_OK && (rc = parse_time(&t, "2025-03-02T10:00:00+00:00", err)) == SC_OK)
        rc = sc_evidence_add_custody(e, &t, "dc-5678", "reviewed", "hash checked", err);
    if (rc == SC_OK && (rc = sc_report_add_evidence(r, e)) == SC_OK)
        e = NULL; /* the report owns it now */
    if (rc == SC_OK && (rc = sc_casebook_add_report(cb, r)) == SC_OK)
        r = NULL;

    sc_evidence_free(e);
    sc_report_free(r);
    sc_victim_free(v);
    if (rc != SC_OK) {
        sc_casebook_free(cb);
        return rc;
    }
    *out = cb;
    return SC_OK;
}

/** Prints what the casebook holds. */
static void summary(const sc_casebook *cb, const char *path)
{
    printf("casebook written to and read back from %s\n", path);
    printf("victims: %zu\n", sc_casebook_victim_count(cb));
    printf("reports: %zu\n", sc_casebook_report_count(cb));
    for (size_t i = 0; i < sc_casebook_report_count(cb); i++) {
        const sc_report *r = sc_casebook_report(cb, i);
        sc_tristate cyber = sc_report_cyber_element(r);
        char when[64] = "";
        sc_time t = sc_report_get_time(r, SC_REPORT_REPORTED_AT);

        if (sc_time_format(&t, when, sizeof when) != SC_OK)
            strcpy(when, "?");
        printf("report %s: %s, reported %s, ward %s, victims %zu, evidence items %zu, "
               "cyber element %s\n",
               sc_report_id(r), sc_offence_label(sc_report_offence(r)), when,
               sc_report_get_text(r, SC_REPORT_WARD_CODE), sc_report_victim_count(r),
               sc_report_evidence_count(r), sc_tristate_to_token(cyber));
        for (size_t k = 0; k < sc_report_evidence_count(r); k++) {
            const sc_evidence *e = sc_report_evidence(r, k);
            uint8_t digest[32];
            uint64_t size = 0;
            char hex[65] = "";

            if (sc_evidence_digest(e, digest, &size) == SC_OK)
                sc_sha256_to_hex(hex, sizeof hex, digest);
            printf("evidence %s: %s, %llu bytes, sha256 %s, custody entries %zu\n",
                   sc_evidence_id(e), sc_evidence_kind_to_token(sc_evidence_get_kind(e)),
                   (unsigned long long)size, hex, sc_evidence_custody_count(e));
        }
    }
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : getenv("TMPDIR");
    sc_casebook *cb = NULL, *back = NULL;
    sc_xml_input in = SC_XML_INPUT_INIT;
    sc_error err;
    char path[4096];
    int fd, rc, status = 1;

    if (argc > 2) {
        fprintf(stderr, "usage: casebook_demo [DIRECTORY]\n");
        return 2;
    }
    if (dir == NULL || dir[0] == '\0')
        dir = "/tmp";
    if ((size_t)snprintf(path, sizeof path, "%s/casebook_demo.XXXXXX", dir) >= sizeof path) {
        fprintf(stderr, "casebook_demo: directory name too long\n");
        return 1;
    }
    fd = mkstemp(path); /* a unique name; sc_xml_write_path replaces the file atomically */
    if (fd < 0) {
        perror("casebook_demo: mkstemp");
        return 1;
    }
    close(fd);

    sc_error_clear(&err);
    if ((rc = build(&cb, &err)) != SC_OK) {
        fail("building the casebook", rc, &err);
        goto done;
    }
    if ((rc = sc_casebook_check(cb, NULL, NULL, &err)) != SC_OK) {
        fail("checking the casebook", rc, &err);
        goto done;
    }
    if ((rc = sc_xml_write_path(cb, path, NULL, &err)) != SC_OK) {
        fail("writing", rc, &err);
        goto done;
    }
    in.path = path;
    if ((rc = sc_xml_load(&back, &in, NULL, &err)) != SC_OK) {
        fail("reading back", rc, &err);
        goto done;
    }
    if (!sc_casebook_equal(cb, back)) {
        fprintf(stderr, "casebook_demo: the casebook read back differs from the one written\n");
        goto done;
    }
    if ((rc = sc_evidence_verify_buffer(sc_report_evidence(sc_casebook_report(back, 0), 0),
                                        screenshot, sizeof screenshot - 1, &err)) != SC_OK) {
        fail("verifying the evidence digest", rc, &err);
        goto done;
    }
    summary(back, path);
    printf("read back: equal\n");
    printf("evidence digest: verified\n");
    status = fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;

done:
    unlink(path);
    sc_casebook_free(back);
    sc_casebook_free(cb);
    return status;
}
