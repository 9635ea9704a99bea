/*
 * test_xml_write.c - the XML writers (xml.h): their bytes, and how a path is written.
 *
 * Where the expected values come from:
 *  - exact bytes written by hand for tricky texts, from XML 1.0 (section 2.4: '&' and '<' must
 *    be escaped in content, and the writer escapes '>' and '"' too; section 2.11 would turn a
 *    literal CR into LF, so CR is written &#13;; section 3.3.3 normalises tab, LF and CR in
 *    attribute values to spaces, so there they are written &#9; &#10; &#13;) and from the
 *    format's layout (docs/format.md: two spaces of indentation per level, one element per
 *    line, <name/> for an element without content);
 *  - for random casebooks and count tables (fixed seed), a second serialisation made here with
 *    libxml2's own xmlTextWriter (indentation "  ", encoding UTF-8), which wrote these formats
 *    before the library got its own emitter: the two must give identical bytes;
 *  - for the file tests, the directory's listing and the files' bytes read back.
 *
 * The file tests kill a writer in the middle of its work: the child process gets a file-size
 * limit (RLIMIT_FSIZE) below the document's size, and the SIGXFSZ that the kernel sends when a
 * write crosses it is caught by a handler that sends the process SIGKILL - so the writer dies
 * by SIGKILL, without any chance to clean up, after part of the text was written.
 *
 * To test the fallback for systems without O_TMPFILE, this program defines open() itself
 * (forwarding to the system call): while `block_tmpfile` is set, an open with O_TMPFILE fails
 * with EOPNOTSUPP, as on a file system that does not support it. The library's calls to open()
 * reach this definition because symbols of the executable come first in the dynamic linker's
 * search; the test checks that it saw the library's O_TMPFILE attempts.
 */
#undef _FORTIFY_SOURCE /* this file defines open() */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

#include <libxml/xmlwriter.h>

#define NS "urn:libstalkcase:stalkcase:1"

/* ------------------------------------------------------------------ open() interposition */

static int block_tmpfile;  /* O_TMPFILE opens fail with EOPNOTSUPP */
static int tmpfile_opens;  /* O_TMPFILE opens seen */

int open(const char *path, int flags, ...)
{
    mode_t mode = 0;
#ifdef O_TMPFILE
    int tmpfile = (flags & O_TMPFILE) == O_TMPFILE;
#else
    int tmpfile = 0;
#endif
    if ((flags & O_CREAT) || tmpfile) {
        va_list ap;
        va_start(ap, flags);
        mode = (mode_t)va_arg(ap, unsigned int);
        va_end(ap);
    }
    if (tmpfile) {
        tmpfile_opens++;
        if (block_tmpfile) {
            errno = EOPNOTSUPP;
            return -1;
        }
    }
    return (int)syscall(SYS_openat, AT_FDCWD, path, flags, mode);
}

/* ------------------------------------------------------------------ random models */

static uint64_t rng = 88172645463325252ull;

static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

/* Pieces of text: every character class the writer treats specially, characters of 2, 3 and
 * 4 bytes in UTF-8 (U+00E9, U+20AC, U+1F600, U+10FFFD), DEL, and text that looks like markup. */
static const char *const pieces[] = {
    "a", "Zz9", " ", "  ", "&", "<", ">", "\"", "'", "\r", "\n", "\t", "\r\n",
    "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xf4\x8f\xbf\xbd", "\x7f", "]]>",
    "&amp;", "&#13;", "<!--x-->", "<a b=\"c\">", "\xef\xbf\xbd",
};
/* Ids and custody actors hold no control characters. */
static const char *const id_pieces[] = {
    "r", "v-", "&", "<", ">", "\"", "'", " ", "\xc3\xa9", "\xf0\x9f\x98\x80", "]]>", "&lt;",
};

#define NPIECES (sizeof pieces / sizeof pieces[0])
#define NID_PIECES (sizeof id_pieces / sizeof id_pieces[0])

/* A random text of up to max pieces in buf (size >= max * 16). */
static const char *rnd_text(char *buf, unsigned max, int id)
{
    unsigned n = rnd(max + 1);
    buf[0] = '\0';
    for (unsigned i = 0; i < n; i++)
        strcat(buf, id ? id_pieces[rnd(NID_PIECES)] : pieces[rnd(NPIECES)]);
    return buf;
}

/* Set (random text, sometimes "") or NULL. */
static const char *maybe_text(char *buf)
{
    return rnd(3) == 0 ? NULL : rnd_text(buf, 12, 0);
}

/* A random timestamp (dates when dates are allowed) anywhere in years 1..9999, offsets of
 * every kind: Z, +00:00, whole and odd minutes east and west. */
static sc_time rnd_time(int dates)
{
    sc_time t = SC_TIME_INIT;
    if (dates && rnd(3) == 0) {
        assert_int_equal(sc_time_from_date(&t, 1 + (int)rnd(9999), 1 + (int)rnd(12),
                                           1 + (int)rnd(28)),
                         SC_OK);
        return t;
    }
    for (;;) {
        int64_t day = -719162 + (int64_t)rnd(3652059);
        int64_t utc = day * 86400 + (int64_t)rnd(86400);
        int offset = rnd(3) == 0 ? 0 : (int)rnd(2879) - 1439;
        if (sc_time_from_utc(&t, utc, offset) != SC_OK)
            continue;
        if (offset == 0 && rnd(2))
            t.zulu = 0;
        return t;
    }
}

static sc_casebook *random_casebook(unsigned nvictims, unsigned nreports)
{
    char buf[16 * 64], id[16 * 64 + 32];
    sc_casebook *cb = NULL;
    assert_int_equal(sc_casebook_new(&cb), SC_OK);
    for (unsigned i = 0; i < nvictims; i++) {
        sc_victim *v = NULL;
        snprintf(id, sizeof id, "%s%u", rnd_text(buf, 4, 1), i);
        assert_int_equal(sc_victim_new(&v, id, NULL), SC_OK);
        for (int f = 0; f < SC_VICTIM_TEXT_COUNT; f++)
            assert_int_equal(sc_victim_set_text(v, (sc_victim_text)f, maybe_text(buf), NULL),
                             SC_OK);
        assert_int_equal(sc_victim_set_channel(v, (sc_channel)rnd(SC_CHANNEL_COUNT)), SC_OK);
        if (rnd(2)) {
            sc_time t = rnd_time(1);
            assert_int_equal(sc_victim_set_first_contact(v, &t, NULL), SC_OK);
        }
        assert_int_equal(sc_victim_set_risk(v, (sc_risk)rnd(SC_RISK_COUNT)), SC_OK);
        assert_int_equal(sc_victim_set_consent(v, (sc_tristate)rnd(SC_TRISTATE_COUNT)), SC_OK);
        assert_int_equal(sc_casebook_add_victim(cb, v), SC_OK);
    }
    for (unsigned i = 0; i < nreports; i++) {
        sc_report *r = NULL;
        snprintf(id, sizeof id, "%s%u", rnd_text(buf, 4, 1), i);
        assert_int_equal(sc_report_new(&r, id, NULL), SC_OK);
        for (int f = 0; f < SC_REPORT_TIME_COUNT; f++) {
            if (rnd(4) == 0)
                continue;
            sc_time t = rnd_time(f != SC_REPORT_REPORTED_AT);
            assert_int_equal(sc_report_set_time(r, (sc_report_time)f, &t, NULL), SC_OK);
        }
        for (int f = 0; f < SC_REPORT_TEXT_COUNT; f++)
            assert_int_equal(sc_report_set_text(r, (sc_report_text)f, maybe_text(buf), NULL),
                             SC_OK);
        assert_int_equal(sc_report_set_offence(r, (sc_offence)rnd(SC_OFFENCE_COUNT)), SC_OK);
        assert_int_equal(
            sc_report_set_relationship(r, (sc_relationship)rnd(SC_RELATIONSHIP_COUNT)), SC_OK);
        assert_int_equal(sc_report_set_typology(r, (sc_typology)rnd(SC_TYPOLOGY_COUNT)), SC_OK);
        assert_int_equal(sc_report_set_cyber_recorded(r, (sc_tristate)rnd(SC_TRISTATE_COUNT)),
                         SC_OK);
        for (unsigned k = rnd(3); k > 0; k--) {
            snprintf(id, sizeof id, "%s%u", rnd_text(buf, 3, 1), k);
            assert_int_equal(sc_report_add_victim(r, id, NULL), SC_OK);
        }
        for (unsigned k = rnd(3); k > 0; k--) {
            sc_evidence *e = NULL;
            snprintf(id, sizeof id, "%s%u-%u", rnd_text(buf, 3, 1), i, k);
            assert_int_equal(sc_evidence_new(&e, id, NULL), SC_OK);
            assert_int_equal(sc_evidence_set_kind(e, (sc_evidence_kind)rnd(SC_EVIDENCE_KIND_COUNT)),
                             SC_OK);
            for (int f = 0; f < SC_EVIDENCE_TEXT_COUNT; f++)
                assert_int_equal(
                    sc_evidence_set_text(e, (sc_evidence_text)f, maybe_text(buf), NULL), SC_OK);
            for (int f = 0; f < SC_EVIDENCE_TIME_COUNT; f++) {
                if (rnd(2)) {
                    sc_time t = rnd_time(0);
                    assert_int_equal(sc_evidence_set_time(e, (sc_evidence_time)f, &t, NULL),
                                     SC_OK);
                }
            }
            if (rnd(2)) {
                static const char data[] = "any bytes at all";
                assert_int_equal(sc_evidence_digest_buffer(e, data, rnd(sizeof data)), SC_OK);
            }
            for (unsigned c = rnd(3); c > 0; c--) {
                char actor[16 * 64], action[16 * 64];
                sc_time t = rnd_time(0);
                snprintf(actor, sizeof actor, "%s%u", rnd_text(buf, 3, 1), c);
                snprintf(action, sizeof action, "%sx", rnd_text(buf, 3, 1));
                assert_int_equal(sc_evidence_add_custody(e, &t, actor, action,
                                                         maybe_text(buf), NULL),
                                 SC_OK);
            }
            assert_int_equal(sc_report_add_evidence(r, e), SC_OK);
        }
        assert_int_equal(sc_casebook_add_report(cb, r), SC_OK);
    }
    return cb;
}

/* ------------------------------------------------------------------ the reference writer */

/* libxml2's xmlTextWriter with the settings the library used (indent "  ", UTF-8). */

#define X(call)                                                                             \
    do {                                                                                    \
        if ((call) < 0)                                                                     \
            fail_msg("xmlTextWriter failed: %s", #call);                                    \
    } while (0)

static void ref_text(xmlTextWriterPtr w, const char *name, const char *text)
{
    if (text)
        X(xmlTextWriterWriteElement(w, BAD_CAST name, BAD_CAST text));
}

static void ref_time(xmlTextWriterPtr w, const char *name, sc_time t)
{
    char buf[SC_TIME_BUFSIZE];
    if (t.kind == SC_TIME_NONE)
        return;
    assert_int_equal(sc_time_format(&t, buf, sizeof buf), SC_OK);
    ref_text(w, name, buf);
}

static void ref_evidence(xmlTextWriterPtr w, const sc_evidence *e)
{
    X(xmlTextWriterStartElement(w, BAD_CAST "evidence"));
    X(xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST sc_evidence_id(e)));
    ref_text(w, "kind", sc_evidence_kind_to_token(sc_evidence_get_kind(e)));
    ref_text(w, "platform", sc_evidence_get_text(e, SC_EVIDENCE_PLATFORM));
    ref_time(w, "occurred-at", sc_evidence_get_time(e, SC_EVIDENCE_OCCURRED_AT));
    ref_time(w, "captured-at", sc_evidence_get_time(e, SC_EVIDENCE_CAPTURED_AT));
    ref_text(w, "description", sc_evidence_get_text(e, SC_EVIDENCE_DESCRIPTION));
    uint8_t d[SC_SHA256_SIZE];
    uint64_t size;
    if (sc_evidence_digest(e, d, &size) == SC_OK) {
        char hex[SC_SHA256_HEX_SIZE], num[24];
        assert_int_equal(sc_sha256_to_hex(hex, sizeof hex, d), SC_OK);
        snprintf(num, sizeof num, "%llu", (unsigned long long)size);
        ref_text(w, "sha256", hex);
        ref_text(w, "size", num);
    }
    ref_text(w, "media-type", sc_evidence_get_text(e, SC_EVIDENCE_MEDIA_TYPE));
    ref_text(w, "uri", sc_evidence_get_text(e, SC_EVIDENCE_URI));
    for (size_t i = 0; i < sc_evidence_custody_count(e); i++) {
        const sc_custody *c = sc_evidence_custody(e, i);
        X(xmlTextWriterStartElement(w, BAD_CAST "custody"));
        ref_time(w, "at", c->at);
        ref_text(w, "actor", c->actor);
        ref_text(w, "action", c->action);
        ref_text(w, "note", c->note);
        X(xmlTextWriterEndElement(w));
    }
    X(xmlTextWriterEndElement(w));
}

static void ref_casebook(xmlTextWriterPtr w, const sc_casebook *cb)
{
    X(xmlTextWriterStartElementNS(w, NULL, BAD_CAST "casebook", BAD_CAST NS));
    for (size_t i = 0; i < sc_casebook_victim_count(cb); i++) {
        const sc_victim *v = sc_casebook_victim(cb, i);
        X(xmlTextWriterStartElement(w, BAD_CAST "victim"));
        X(xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST sc_victim_id(v)));
        ref_text(w, "name", sc_victim_get_text(v, SC_VICTIM_NAME));
        ref_text(w, "contact", sc_victim_get_text(v, SC_VICTIM_CONTACT));
        ref_text(w, "age-band", sc_victim_get_text(v, SC_VICTIM_AGE_BAND));
        ref_text(w, "gender", sc_victim_get_text(v, SC_VICTIM_GENDER));
        ref_text(w, "channel", sc_channel_to_token(sc_victim_channel(v)));
        ref_time(w, "first-contact", sc_victim_first_contact(v));
        ref_text(w, "risk", sc_risk_to_token(sc_victim_risk(v)));
        ref_text(w, "consent", sc_tristate_to_token(sc_victim_consent(v)));
        X(xmlTextWriterEndElement(w));
    }
    static const char *const times[] = { "reported-at", "first-incident", "last-incident" };
    for (size_t i = 0; i < sc_casebook_report_count(cb); i++) {
        const sc_report *r = sc_casebook_report(cb, i);
        X(xmlTextWriterStartElement(w, BAD_CAST "report"));
        X(xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST sc_report_id(r)));
        for (int k = 0; k < SC_REPORT_TIME_COUNT; k++)
            ref_time(w, times[k], sc_report_get_time(r, (sc_report_time)k));
        ref_text(w, "offence", sc_offence_to_token(sc_report_offence(r)));
        ref_text(w, "offence-code", sc_report_get_text(r, SC_REPORT_OFFENCE_CODE));
        ref_text(w, "ward-code", sc_report_get_text(r, SC_REPORT_WARD_CODE));
        ref_text(w, "ward-name", sc_report_get_text(r, SC_REPORT_WARD_NAME));
        ref_text(w, "borough", sc_report_get_text(r, SC_REPORT_BOROUGH));
        ref_text(w, "force", sc_report_get_text(r, SC_REPORT_FORCE));
        ref_text(w, "relationship", sc_relationship_to_token(sc_report_relationship(r)));
        ref_text(w, "typology", sc_typology_to_token(sc_report_typology(r)));
        ref_text(w, "outcome", sc_report_get_text(r, SC_REPORT_OUTCOME));
        ref_text(w, "cyber-element", sc_tristate_to_token(sc_report_cyber_recorded(r)));
        ref_text(w, "notes", sc_report_get_text(r, SC_REPORT_NOTES));
        for (size_t k = 0; k < sc_report_victim_count(r); k++)
            ref_text(w, "victim-ref", sc_report_victim(r, k));
        for (size_t k = 0; k < sc_report_evidence_count(r); k++)
            ref_evidence(w, sc_report_evidence(r, k));
        X(xmlTextWriterEndElement(w));
    }
    X(xmlTextWriterEndElement(w));
}

typedef struct ref_counts_ctx {
    xmlTextWriterPtr w;
} ref_counts_ctx;

static int ref_cell(const sc_cell *cell, void *payload)
{
    xmlTextWriterPtr w = ((ref_counts_ctx *)payload)->w;
    char mb[SC_MONTH_BUFSIZE], nb[24];
    assert_int_equal(sc_month_format(cell->month, mb, sizeof mb), SC_OK);
    snprintf(nb, sizeof nb, "%llu", (unsigned long long)cell->count);
    X(xmlTextWriterStartElement(w, BAD_CAST "cell"));
    X(xmlTextWriterWriteAttribute(w, BAD_CAST "ward-code", BAD_CAST cell->ward_code));
    X(xmlTextWriterWriteAttribute(w, BAD_CAST "ward-name", BAD_CAST cell->ward_name));
    X(xmlTextWriterWriteAttribute(w, BAD_CAST "borough", BAD_CAST cell->borough));
    X(xmlTextWriterWriteAttribute(w, BAD_CAST "major", BAD_CAST cell->major));
    X(xmlTextWriterWriteAttribute(w, BAD_CAST "minor", BAD_CAST cell->minor));
    X(xmlTextWriterWriteAttribute(w, BAD_CAST "month", BAD_CAST mb));
    X(xmlTextWriterWriteAttribute(w, BAD_CAST "count", BAD_CAST nb));
    X(xmlTextWriterEndElement(w));
    return 0;
}

static void ref_counts(xmlTextWriterPtr w, const sc_counts *c)
{
    sc_month first, last;
    X(xmlTextWriterStartElementNS(w, NULL, BAD_CAST "counts", BAD_CAST NS));
    X(xmlTextWriterStartElement(w, BAD_CAST "coverage"));
    if (sc_counts_coverage(c, &first, &last) == SC_OK) {
        for (sc_month m = first; m <= last; m++) {
            char mb[SC_MONTH_BUFSIZE];
            if (sc_counts_covers(c, m) && sc_month_format(m, mb, sizeof mb) == SC_OK)
                ref_text(w, "month", mb);
        }
    }
    X(xmlTextWriterEndElement(w));
    ref_counts_ctx ctx = { w };
    assert_int_equal(sc_counts_foreach(c, ref_cell, &ctx), SC_OK);
    X(xmlTextWriterEndElement(w));
}

/* The reference bytes of a casebook (cb) or a count table (c). */
static xmlBufferPtr reference(const sc_casebook *cb, const sc_counts *c)
{
    xmlBufferPtr buf = xmlBufferCreate();
    assert_non_null(buf);
    xmlTextWriterPtr w = xmlNewTextWriterMemory(buf, 0);
    assert_non_null(w);
    X(xmlTextWriterSetIndent(w, 1));
    X(xmlTextWriterSetIndentString(w, BAD_CAST "  "));
    X(xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL));
    if (cb)
        ref_casebook(w, cb);
    else
        ref_counts(w, c);
    X(xmlTextWriterEndDocument(w));
    xmlFreeTextWriter(w); /* flushes into buf */
    return buf;
}

static void assert_same_bytes(const unsigned char *got, size_t n, xmlBufferPtr want)
{
    size_t m = (size_t)xmlBufferLength(want);
    const unsigned char *w = xmlBufferContent(want);
    size_t i = 0;
    while (i < n && i < m && got[i] == w[i])
        i++;
    if (i < n || i < m)
        fail_msg("output differs from xmlTextWriter's at byte %zu (sizes %zu and %zu): "
                 "\"%.40s\" against \"%.40s\"",
                 i, n, m, (const char *)got + (i > 20 ? i - 20 : 0),
                 (const char *)w + (i > 20 ? i - 20 : 0));
}

/* ------------------------------------------------------------------ bytes */

static void test_random_casebooks_match_xmltextwriter(void **state)
{
    (void)state;
    /* Small ones (empty casebook, one victim, ...) and one of several hundred KB, so that the
     * 256 KiB output buffer fills in the middle of texts and escapes. */
    static const unsigned sizes[][2] = { { 0, 0 }, { 1, 0 }, { 0, 1 }, { 2, 3 },
                                         { 5, 40 }, { 50, 2500 } };
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        sc_casebook *cb = random_casebook(sizes[k][0], sizes[k][1]);
        unsigned char *out = NULL;
        size_t n = 0;
        assert_int_equal(sc_xml_write_buffer(&out, &n, cb, NULL, NULL), SC_OK);
        xmlBufferPtr want = reference(cb, NULL);
        if (k == 5)
            assert_true(n > 2 * 256 * 1024);
        assert_same_bytes(out, n, want);
        xmlBufferFree(want);

        /* The same bytes through a stream and, inflated, through gzip. */
        FILE *f = tmpfile();
        assert_non_null(f);
        assert_int_equal(sc_xml_write_file(cb, f, "tmp", NULL, NULL), SC_OK);
        assert_int_equal(ftell(f), (long)n);
        rewind(f);
        unsigned char *back = malloc(n + 1);
        assert_non_null(back);
        assert_int_equal(fread(back, 1, n + 1, f), n);
        assert_memory_equal(back, out, n);
        fclose(f);
        free(back);
        sc_free(out);
        sc_casebook_free(cb);
    }
}

static void test_random_counts_match_xmltextwriter(void **state)
{
    (void)state;
    char t[5][16 * 64];
    for (int round = 0; round < 3; round++) {
        sc_counts *c = NULL;
        assert_int_equal(sc_counts_new(&c), SC_OK);
        unsigned n = round == 0 ? 0 : round == 1 ? 3 : 3000;
        for (unsigned i = 0; i < n; i++) {
            sc_month m = SC_MONTH_NONE;
            assert_int_equal(sc_month_make(&m, 2000 + (int)rnd(30), 1 + (int)rnd(12)), SC_OK);
            for (int k = 0; k < 5; k++)
                rnd_text(t[k], 8, 0);
            strcat(t[0], "W"); /* a ward code is never empty */
            assert_int_equal(sc_counts_add(c, t[0], t[1], t[2], t[3], t[4], m, 1 + rnd(1000),
                                           NULL),
                             SC_OK);
        }
        if (round == 2) {
            sc_month a = SC_MONTH_NONE, b = SC_MONTH_NONE;
            assert_int_equal(sc_month_make(&a, 2001, 3), SC_OK);
            assert_int_equal(sc_month_make(&b, 2003, 2), SC_OK);
            assert_int_equal(sc_counts_cover(c, a, b), SC_OK);
        }
        unsigned char *out = NULL;
        size_t size = 0;
        assert_int_equal(sc_xml_write_counts_buffer(&out, &size, c, NULL, NULL), SC_OK);
        xmlBufferPtr want = reference(NULL, c);
        if (round == 2)
            assert_true(size > 256 * 1024);
        assert_same_bytes(out, size, want);
        xmlBufferFree(want);
        sc_free(out);
        sc_counts_free(c);
    }
}

static void expect_casebook_bytes(const sc_casebook *cb, const char *expected)
{
    unsigned char *out = NULL;
    size_t n = 0;
    assert_int_equal(sc_xml_write_buffer(&out, &n, cb, NULL, NULL), SC_OK);
    assert_int_equal(n, strlen(expected));
    assert_string_equal((const char *)out, expected);
    sc_free(out);
}

static void test_tricky_texts_by_hand(void **state)
{
    (void)state;
    sc_casebook *cb = NULL;
    assert_int_equal(sc_casebook_new(&cb), SC_OK);
    /* An empty casebook: an empty root element. */
    expect_casebook_bytes(cb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                              "<casebook xmlns=\"" NS "\"/>\n");

    /* An id with every escaped character and characters of 2 and 4 bytes in UTF-8. */
    sc_victim *v = NULL;
    assert_int_equal(sc_victim_new(&v, "a&b<c>d\"e'f \xc3\xa9\xf0\x9f\x98\x80", NULL), SC_OK);
    assert_int_equal(sc_casebook_add_victim(cb, v), SC_OK);
    v = NULL;
    assert_int_equal(sc_victim_new(&v, "v2", NULL), SC_OK);
    assert_int_equal(sc_victim_set_text(v, SC_VICTIM_GENDER, "", NULL), SC_OK);
    assert_int_equal(sc_victim_set_text(v, SC_VICTIM_NAME, "\r\n\t<&>\"' ]]> \xf4\x8f\xbf\xbd",
                                        NULL),
                     SC_OK);
    assert_int_equal(sc_casebook_add_victim(cb, v), SC_OK);
    sc_report *r = NULL;
    assert_int_equal(sc_report_new(&r, "r", NULL), SC_OK);
    sc_evidence *e = NULL;
    assert_int_equal(sc_evidence_new(&e, "e", NULL), SC_OK);
    sc_time t = SC_TIME_INIT;
    /* 1 January 0001, 00:00:00 at +00:01 is 31 December 1 BC 23:59 UTC: the local date is
     * written. 9999-12-31T23:59:59-23:59. */
    assert_int_equal(sc_time_parse(&t, "0001-01-01T00:00:00+00:01", SC_TIME_ACCEPT_DATETIME,
                                   NULL),
                     SC_OK);
    assert_int_equal(sc_evidence_add_custody(e, &t, "A & B", "x", "", NULL), SC_OK);
    assert_int_equal(sc_time_parse(&t, "9999-12-31T23:59:59-23:59", SC_TIME_ACCEPT_DATETIME,
                                   NULL),
                     SC_OK);
    assert_int_equal(sc_evidence_set_time(e, SC_EVIDENCE_OCCURRED_AT, &t, NULL), SC_OK);
    assert_int_equal(sc_report_add_evidence(r, e), SC_OK);
    assert_int_equal(sc_casebook_add_report(cb, r), SC_OK);
    expect_casebook_bytes(
        cb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<casebook xmlns=\"" NS "\">\n"
            "  <victim id=\"a&amp;b&lt;c&gt;d&quot;e'f \xc3\xa9\xf0\x9f\x98\x80\"/>\n"
            "  <victim id=\"v2\">\n"
            "    <name>&#13;\n\t&lt;&amp;&gt;&quot;' ]]&gt; \xf4\x8f\xbf\xbd</name>\n"
            "    <gender></gender>\n"
            "  </victim>\n"
            "  <report id=\"r\">\n"
            "    <evidence id=\"e\">\n"
            "      <occurred-at>9999-12-31T23:59:59-23:59</occurred-at>\n"
            "      <custody>\n"
            "        <at>0001-01-01T00:00:00+00:01</at>\n"
            "        <actor>A &amp; B</actor>\n"
            "        <action>x</action>\n"
            "        <note></note>\n"
            "      </custody>\n"
            "    </evidence>\n"
            "  </report>\n"
            "</casebook>\n");
    sc_casebook_free(cb);

    /* Attribute values (a counts document): tab, LF and CR as character references. (Adding a
     * cell covers its month.) */
    sc_counts *c = NULL;
    assert_int_equal(sc_counts_new(&c), SC_OK);
    sc_month m = SC_MONTH_NONE;
    assert_int_equal(sc_month_make(&m, 2024, 12), SC_OK);
    assert_int_equal(sc_counts_add(c, "W", "a\tb\nc\rd", "\xf0\x9f\x98\x80\xc3\xa9'\"", "<&>",
                                   "", m, 5, NULL),
                     SC_OK);
    unsigned char *out = NULL;
    size_t n = 0;
    assert_int_equal(sc_xml_write_counts_buffer(&out, &n, c, NULL, NULL), SC_OK);
    assert_string_equal((const char *)out,
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                        "<counts xmlns=\"" NS "\">\n"
                        "  <coverage>\n"
                        "    <month>2024-12</month>\n"
                        "  </coverage>\n"
                        "  <cell ward-code=\"W\" ward-name=\"a&#9;b&#10;c&#13;d\" "
                        "borough=\"\xf0\x9f\x98\x80\xc3\xa9'&quot;\" major=\"&lt;&amp;&gt;\" "
                        "minor=\"\" month=\"2024-12\" count=\"5\"/>\n"
                        "</counts>\n");
    sc_free(out);
    sc_counts_free(c);
}

static void test_long_texts(void **state)
{
    (void)state;
    /* Texts far longer than the 256 KiB output buffer: 300,000 '&' (1.5 MB escaped) and
     * 700,000 'x' then '<'. */
    const size_t na = 300000, nx = 700000;
    char *amps = malloc(na + 1), *xs = malloc(nx + 2);
    assert_non_null(amps);
    assert_non_null(xs);
    memset(amps, '&', na);
    amps[na] = '\0';
    memset(xs, 'x', nx);
    xs[nx] = '<';
    xs[nx + 1] = '\0';
    sc_casebook *cb = NULL;
    assert_int_equal(sc_casebook_new(&cb), SC_OK);
    sc_victim *v = NULL;
    assert_int_equal(sc_victim_new(&v, "v", NULL), SC_OK);
    assert_int_equal(sc_victim_set_text(v, SC_VICTIM_NAME, amps, NULL), SC_OK);
    assert_int_equal(sc_victim_set_text(v, SC_VICTIM_CONTACT, xs, NULL), SC_OK);
    assert_int_equal(sc_casebook_add_victim(cb, v), SC_OK);

    static const char head[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                               "<casebook xmlns=\"" NS "\">\n"
                               "  <victim id=\"v\">\n"
                               "    <name>";
    static const char mid[] = "</name>\n    <contact>";
    static const char tail[] = "&lt;</contact>\n  </victim>\n</casebook>\n";
    size_t len = strlen(head) + 5 * na + strlen(mid) + nx + strlen(tail);
    char *want = malloc(len + 1), *p = want;
    assert_non_null(want);
    p += sprintf(p, "%s", head);
    for (size_t i = 0; i < na; i++)
        p += sprintf(p, "&amp;");
    p += sprintf(p, "%s", mid);
    memset(p, 'x', nx);
    p += nx;
    p += sprintf(p, "%s", tail);
    assert_int_equal((size_t)(p - want), len);

    unsigned char *out = NULL;
    size_t n = 0;
    assert_int_equal(sc_xml_write_buffer(&out, &n, cb, NULL, NULL), SC_OK);
    assert_int_equal(n, len);
    assert_memory_equal(out, want, len);
    sc_free(out);
    free(want);
    free(amps);
    free(xs);
    sc_casebook_free(cb);
}

/* ------------------------------------------------------------------ files */

static char tmpdir[TU_PATH_MAX];

static void make_tmpdir(void)
{
    snprintf(tmpdir, sizeof tmpdir, "%s/sc-xmlw-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    assert_non_null(mkdtemp(tmpdir));
}

static void remove_tmpdir(void)
{
    DIR *d = opendir(tmpdir);
    if (d) {
        struct dirent *de;
        char p[2 * TU_PATH_MAX];
        while ((de = readdir(d)) != NULL) {
            if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
                snprintf(p, sizeof p, "%s/%s", tmpdir, de->d_name);
                if (unlink(p) != 0)
                    rmdir(p);
            }
        }
        closedir(d);
    }
    chmod(tmpdir, 0700);
    rmdir(tmpdir);
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(a, b);
}

/* The names in tmpdir, sorted, separated by '/' (the one byte no name holds). */
static void listing(char *buf, size_t size)
{
    char names[16][NAME_MAX + 1];
    int n = 0;
    DIR *d = opendir(tmpdir);
    assert_non_null(d);
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        assert_true(n < 16);
        snprintf(names[n++], sizeof names[0], "%s", de->d_name);
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], name_cmp);
    buf[0] = '\0';
    for (int i = 0; i < n; i++) {
        if (i)
            strncat(buf, "/", size - strlen(buf) - 1);
        strncat(buf, names[i], size - strlen(buf) - 1);
    }
}

/* The file at path holds exactly the bytes of cb. */
static void expect_file(const char *path, const sc_casebook *cb)
{
    unsigned char *want = NULL;
    size_t nw = 0, ng = 0;
    assert_int_equal(sc_xml_write_buffer(&want, &nw, cb, NULL, NULL), SC_OK);
    unsigned char *got = tu_read_file(path, &ng);
    assert_int_equal(ng, nw);
    assert_memory_equal(got, want, nw);
    free(got);
    sc_free(want);
}

static sc_casebook *small_casebook(const char *victim_id)
{
    sc_casebook *cb = NULL;
    sc_victim *v = NULL;
    assert_int_equal(sc_casebook_new(&cb), SC_OK);
    assert_int_equal(sc_victim_new(&v, victim_id, NULL), SC_OK);
    assert_int_equal(sc_casebook_add_victim(cb, v), SC_OK);
    return cb;
}

/* Reports enough for about 1.2 MB of XML. */
static sc_casebook *big_casebook(void)
{
    sc_casebook *cb = NULL;
    assert_int_equal(sc_casebook_new(&cb), SC_OK);
    for (int i = 0; i < 10000; i++) {
        char id[32];
        sc_report *r = NULL;
        snprintf(id, sizeof id, "r-%06d", i);
        assert_int_equal(sc_report_new(&r, id, NULL), SC_OK);
        assert_int_equal(sc_report_set_text(r, SC_REPORT_NOTES, "some notes & more notes", NULL),
                         SC_OK);
        assert_int_equal(sc_report_set_offence(r, SC_OFFENCE_STALKING), SC_OK);
        assert_int_equal(sc_casebook_add_report(cb, r), SC_OK);
    }
    return cb;
}

static void die_now(int sig)
{
    (void)sig;
    kill(getpid(), SIGKILL);
}

/* Writes cb to path in a child process that is killed with SIGKILL once 64 KiB are written. */
static void write_and_get_killed(const sc_casebook *cb, const char *path)
{
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        struct rlimit lim = { 0, 0 };
        setrlimit(RLIMIT_CORE, &lim);
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = die_now;
        sigaction(SIGXFSZ, &sa, NULL);
        lim.rlim_cur = lim.rlim_max = 65536;
        setrlimit(RLIMIT_FSIZE, &lim);
        sc_xml_write_path(cb, path, NULL, NULL);
        _exit(3); /* not reached: the writer is killed first */
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL)
        fail_msg("the writer was not killed (status 0x%x)", status);
}

static void test_killed_writer_leaves_nothing(void **state)
{
    (void)state;
#ifndef O_TMPFILE
    printf("skipped: no O_TMPFILE on this system\n");
    skip();
#else
    make_tmpdir();
    sc_casebook *old = small_casebook("old"), *big = big_casebook();
    char dst[TU_PATH_MAX], list[4096];
    tu_join(dst, tmpdir, "casebook.xml");

    /* No destination yet: after the kill, nothing at all. */
    int seen = tmpfile_opens;
    write_and_get_killed(big, dst);
    listing(list, sizeof list);
    assert_string_equal(list, "");

    /* A previous file: it keeps its bytes, and it is the only entry. */
    assert_int_equal(sc_xml_write_path(old, dst, NULL, NULL), SC_OK);
    write_and_get_killed(big, dst);
    listing(list, sizeof list);
    assert_string_equal(list, "casebook.xml");
    expect_file(dst, old);
    /* The writer did use O_TMPFILE (the children's opens are not counted here; this
     * process's own write of `old` is). */
    assert_true(tmpfile_opens > seen);

    /* And unkilled, the big file replaces the old one. */
    assert_int_equal(sc_xml_write_path(big, dst, NULL, NULL), SC_OK);
    expect_file(dst, big);
    listing(list, sizeof list);
    assert_string_equal(list, "casebook.xml");

    sc_casebook_free(old);
    sc_casebook_free(big);
    remove_tmpdir();
#endif
}

static void test_without_tmpfile(void **state)
{
    (void)state;
    make_tmpdir();
    sc_casebook *old = small_casebook("old"), *big = big_casebook();
    char dst[TU_PATH_MAX], list[4096];
    tu_join(dst, tmpdir, "casebook.xml");
    block_tmpfile = 1;
    int seen = tmpfile_opens;

    /* Writing works the same, through a named temporary file renamed into place. */
    assert_int_equal(sc_xml_write_path(old, dst, NULL, NULL), SC_OK);
    expect_file(dst, old);
    listing(list, sizeof list);
    assert_string_equal(list, "casebook.xml");
#ifdef O_TMPFILE
    assert_true(tmpfile_opens > seen); /* it was tried, and refused by this test's open() */
#else
    (void)seen;
#endif

    /* A failure (a file-size limit: EFBIG) removes the temporary file. */
    struct rlimit saved, lim;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &saved), 0);
    void (*oldsig)(int) = signal(SIGXFSZ, SIG_IGN);
    lim = saved;
    lim.rlim_cur = 65536;
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
    sc_error err;
    sc_error_clear(&err);
    int rc = sc_xml_write_path(big, dst, NULL, &err);
    setrlimit(RLIMIT_FSIZE, &saved);
    signal(SIGXFSZ, oldsig);
    assert_int_equal(rc, SC_EIO);
    assert_int_equal(err.sys_errno, EFBIG);
    listing(list, sizeof list);
    assert_string_equal(list, "casebook.xml");
    expect_file(dst, old);

    /* A killed writer cannot remove it: the temporary file ".casebook.xml.XXXXXX" stays (64
     * KiB of it), the destination keeps its bytes. This is what O_TMPFILE avoids. */
    write_and_get_killed(big, dst);
    listing(list, sizeof list);
    assert_int_equal(strlen(list), strlen("casebook.xml/.casebook.xml.XXXXXX"));
    assert_memory_equal(list, ".casebook.xml.", 14);
    assert_string_equal(list + 20, "/casebook.xml");
    expect_file(dst, old);
    char stray[2 * TU_PATH_MAX];
    snprintf(stray, sizeof stray, "%s/%.20s", tmpdir, list);
    struct stat st;
    assert_int_equal(stat(stray, &st), 0);
    assert_int_equal(st.st_size, 65536);
    assert_int_equal(unlink(stray), 0);

    block_tmpfile = 0;
    sc_casebook_free(old);
    sc_casebook_free(big);
    remove_tmpdir();
}

/* 255-byte names (NAME_MAX): the temporary name, ".BASE.XXXXXX", must be cut to fit. */
static void test_longest_names(void **state)
{
    (void)state;
    make_tmpdir();
    sc_casebook *a = small_casebook("a"), *b = small_casebook("b");
    char base[256], dst[2 * TU_PATH_MAX], list[4096];
    memset(base, 'n', 255);
    base[255] = '\0';
    snprintf(dst, sizeof dst, "%s/%s", tmpdir, base);

    for (int blocked = 0; blocked <= 1; blocked++) {
        block_tmpfile = blocked;
        /* New file, then replacing it. */
        assert_int_equal(sc_xml_write_path(a, dst, NULL, NULL), SC_OK);
        expect_file(dst, a);
        assert_int_equal(sc_xml_write_path(b, dst, NULL, NULL), SC_OK);
        expect_file(dst, b);
        listing(list, sizeof list);
        assert_string_equal(list, base);
        assert_int_equal(unlink(dst), 0);
    }

    /* A name of 127 two-byte characters and one more byte: the temporary name keeps whole
     * characters only. Seen in the file a killed writer leaves without O_TMPFILE: "." then
     * 123 x U+00E9 (246 bytes: 247 would split a character) then ".XXXXXX", 254 bytes. */
    char *p = base;
    for (int i = 0; i < 127; i++) {
        *p++ = '\xc3';
        *p++ = '\xa9';
    }
    *p++ = 'x';
    *p = '\0';
    assert_int_equal(strlen(base), 255);
    snprintf(dst, sizeof dst, "%s/%s", tmpdir, base);
    block_tmpfile = 0;
    assert_int_equal(sc_xml_write_path(a, dst, NULL, NULL), SC_OK);
    assert_int_equal(sc_xml_write_path(b, dst, NULL, NULL), SC_OK);
    expect_file(dst, b);
    block_tmpfile = 1;
    assert_int_equal(sc_xml_write_path(a, dst, NULL, NULL), SC_OK);
    expect_file(dst, a);
    sc_casebook *big = big_casebook();
    write_and_get_killed(big, dst);
    sc_casebook_free(big);
    block_tmpfile = 0;
    expect_file(dst, a);
    char want[300];
    p = want;
    *p++ = '.';
    for (int i = 0; i < 123; i++) {
        *p++ = '\xc3';
        *p++ = '\xa9';
    }
    *p = '\0';
    strcat(want, ".XXXXXX");
    assert_int_equal(strlen(want), 254);
    listing(list, sizeof list);
    /* Sorted: '.' (0x2e) before 0xc3. */
    assert_int_equal(strlen(list), 254 + 1 + 255);
    assert_memory_equal(list, want, 247);
    assert_int_equal(list[247], '.');
    assert_int_equal(list[254], '/');
    assert_string_equal(list + 255, base);

    sc_casebook_free(a);
    sc_casebook_free(b);
    remove_tmpdir();
}

/* Only a regular file is ever replaced; anything else stays as it was. */
static void test_non_regular_destinations(void **state)
{
    (void)state;
    make_tmpdir();
    sc_casebook *a = small_casebook("a"), *b = small_casebook("b");
    char target[TU_PATH_MAX], link[TU_PATH_MAX], dangling[TU_PATH_MAX], fifo[TU_PATH_MAX],
        sub[TU_PATH_MAX];
    tu_join(target, tmpdir, "target.xml");
    tu_join(link, tmpdir, "link.xml");
    tu_join(dangling, tmpdir, "dangling.xml");
    tu_join(fifo, tmpdir, "fifo.xml");
    tu_join(sub, tmpdir, "dir.xml");
    assert_int_equal(sc_xml_write_path(a, target, NULL, NULL), SC_OK);
    assert_int_equal(symlink("target.xml", link), 0);
    assert_int_equal(symlink("nowhere.xml", dangling), 0);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    assert_int_equal(mkdir(sub, 0700), 0);
    for (int blocked = 0; blocked <= 1; blocked++) {
        block_tmpfile = blocked;
        const char *dests[] = { link, dangling, fifo, sub };
        for (size_t i = 0; i < 4; i++) {
            sc_error err;
            sc_error_clear(&err);
            assert_int_equal(sc_xml_write_path(b, dests[i], NULL, &err), SC_EIO);
            assert_int_equal(err.sys_errno, EINVAL);
        }
        struct stat st;
        assert_int_equal(lstat(link, &st), 0);
        assert_true(S_ISLNK(st.st_mode));
        assert_int_equal(lstat(dangling, &st), 0);
        assert_true(S_ISLNK(st.st_mode));
        assert_int_equal(lstat(fifo, &st), 0);
        assert_true(S_ISFIFO(st.st_mode));
        assert_int_equal(lstat(sub, &st), 0);
        assert_true(S_ISDIR(st.st_mode));
        expect_file(target, a);
    }
    block_tmpfile = 0;
    char list[4096];
    listing(list, sizeof list);
    assert_string_equal(list, "dangling.xml/dir.xml/fifo.xml/link.xml/target.xml");

    /* A read-only directory (root may write anyway: then only the success is checked). */
    assert_int_equal(chmod(tmpdir, 0500), 0);
    sc_error err;
    sc_error_clear(&err);
    int rc = sc_xml_write_path(b, target, NULL, &err);
    if (geteuid() != 0) {
        assert_int_equal(rc, SC_EIO);
        assert_int_equal(err.sys_errno, EACCES);
        expect_file(target, a);
    } else {
        printf("(running as root: the read-only directory does not stop writes)\n");
        assert_int_equal(rc, SC_OK);
        expect_file(target, b);
    }
    assert_int_equal(chmod(tmpdir, 0700), 0);
    listing(list, sizeof list);
    assert_string_equal(list, "dangling.xml/dir.xml/fifo.xml/link.xml/target.xml");

    sc_casebook_free(a);
    sc_casebook_free(b);
    remove_tmpdir();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_casebooks_match_xmltextwriter),
        cmocka_unit_test(test_random_counts_match_xmltextwriter),
        cmocka_unit_test(test_tricky_texts_by_hand),
        cmocka_unit_test(test_long_texts),
        cmocka_unit_test(test_killed_writer_leaves_nothing),
        cmocka_unit_test(test_without_tmpfile),
        cmocka_unit_test(test_longest_names),
        cmocka_unit_test(test_non_regular_destinations),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    xmlCleanupParser();
    return rc;
}
