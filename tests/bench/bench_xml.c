/*
 * bench_xml.c - benchmark of the casebook XML reader and writer (run by `make bench`, never by
 * `make check`).
 *
 *   bench_xml gen N FILE [gz]     writes a casebook of one victim and N reports (~220 bytes each
 *                                 in the plain file) to FILE, deterministically (a fixed-seed
 *                                 LCG: the same N always gives the same bytes); with "gz", the
 *                                 same text gzip-compressed (level 6) with zlib's gzwrite
 *   bench_xml stream FILE V       sc_xml_stream with validate = V (0 or 1); each report is
 *                                 counted with sc_report_count into one sc_counts table
 *   bench_xml bare FILE           a bare libxml2 SAX2 push pass written for the benchmark
 *                                 (64 KiB chunks, gzip inflated with zlib's gzread): the same
 *                                 aggregation, reports counted by ward code and month of
 *                                 reported-at, taken from the element texts; no validation, no
 *                                 records, no limits
 *   bench_xml load FILE           sc_xml_load with the defaults (validation and check on)
 *   bench_xml export FILE OUT G   sc_xml_load (untimed), then sc_xml_write_path to OUT, timed,
 *                                 with gzip = G; bytes = the size of OUT's plain text. OUT "-":
 *                                 sc_xml_write_file to /dev/null instead, the writer without
 *                                 the file system (no fsync, no disk)
 *
 * Every mode prints one line, "reports=N sum=S seconds=T maxrss_kib=K base_kib=K": the reports
 * read, a checksum of the aggregation (the sum over cells of count x (ward number x 100000 +
 * year x 12 + month - 1), the same whatever the cells' other keys), the wall time of the work
 * (CLOCK_MONOTONIC), the process's peak RSS (getrusage, KiB) and its RSS just before the work
 * (/proc/self/statm, KiB; -1 without /proc). tests/bench/run-bench.sh compares the modes with
 * tests/bench/bench_xml.py (lxml iterparse).
 */
#define _POSIX_C_SOURCE 200809L

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <zlib.h>

#include <stalkcase/stalkcase.h>

#define READ_CHUNK 65536
#define WARDS 640

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long maxrss_kib(void)
{
    struct rusage ru;
    return getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss : -1;
}

static long rss_kib(void)
{
    long pages = -1, resident = -1, page = sysconf(_SC_PAGESIZE);
    FILE *fp = fopen("/proc/self/statm", "r");
    if (fp) {
        if (fscanf(fp, "%ld %ld", &pages, &resident) != 2)
            resident = -1;
        fclose(fp);
    }
    return resident < 0 || page <= 0 ? -1 : resident * (page / 1024);
}

static void result(uint64_t reports, uint64_t sum, double secs, long base)
{
    printf("reports=%llu sum=%llu seconds=%.6f maxrss_kib=%ld base_kib=%ld\n",
           (unsigned long long)reports, (unsigned long long)sum, secs, maxrss_kib(), base);
}

/* The checksum weight of a cell: ward code "E05nnnnnn", month "YYYY-MM". */
static uint64_t weight(const char *ward, size_t wlen, const char *ym)
{
    uint64_t w = 0;
    for (size_t i = 3; i < wlen; i++)
        if (ward[i] >= '0' && ward[i] <= '9')
            w = w * 10 + (uint64_t)(ward[i] - '0');
    int y = atoi(ym), m = atoi(ym + 5);
    return w * 100000u + (uint64_t)(y * 12 + m - 1);
}

/* ------------------------------------------------------------------------------- gen */

static uint64_t lcg = 0x5eed2026u;
static unsigned rnd(unsigned n)
{
    lcg = lcg * 6364136223846793005u + 1442695040888963407u;
    return (unsigned)((lcg >> 33) % n);
}

static int gen(long n, const char *path, int gz)
{
    static const char *const offences[] = { "harassment", "fear-of-violence", "stalking",
                                            "stalking-fear-alarm-distress" };
    static const char *const boroughs[] = { "Fennbrook", "Ashmoor", "Kellingford", "Brackwater",
                                            "Oldcastle", "Marlow Heath", "Stanmere", "Quayside" };
    FILE *fp = NULL;
    gzFile gzf = NULL;
    if (gz)
        gzf = gzopen(path, "wb6");
    else
        fp = fopen(path, "wb");
    if (!fp && !gzf) {
        perror(path);
        return 1;
    }
    char *buf = malloc(1 << 20);
    size_t len = 0;
#define FLUSH()                                                                             \
    do {                                                                                    \
        if (gz ? gzwrite(gzf, buf, (unsigned)len) != (int)len : fwrite(buf, 1, len, fp) != len) \
            return 1;                                                                       \
        len = 0;                                                                            \
    } while (0)
    len += (size_t)sprintf(buf + len,
                           "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                           "<casebook xmlns=\"urn:libstalkcase:stalkcase:1\">\n"
                           "  <victim id=\"v-1\">\n    <age-band>25-34</age-band>\n"
                           "    <risk>standard</risk>\n  </victim>\n");
    for (long i = 0; i < n; i++) {
        unsigned ward = rnd(WARDS);
        int y = 2023 + (int)rnd(3), m = 1 + (int)rnd(12), d = 1 + (int)rnd(28);
        int hh = (int)rnd(24), mm = (int)rnd(60);
        len += (size_t)sprintf(buf + len,
                               "  <report id=\"r-%07ld\">\n"
                               "    <reported-at>%04d-%02d-%02dT%02d:%02d:00Z</reported-at>\n"
                               "    <offence>%s</offence>\n"
                               "    <ward-code>E05%06u</ward-code>\n"
                               "    <borough>%s</borough>\n"
                               "    <force>MPS</force>\n"
                               "  </report>\n",
                               i + 1, y, m, d, hh, mm, offences[rnd(4)], 900000u + ward,
                               boroughs[ward % 8]);
        if (len > (1 << 20) - 1024)
            FLUSH();
    }
    len += (size_t)sprintf(buf + len, "</casebook>\n");
    FLUSH();
    free(buf);
    if (gz ? gzclose(gzf) != Z_OK : fclose(fp) != 0)
        return 1;
    return 0;
}

/* ------------------------------------------------------------------------------- libstalkcase */

static int count_report(const sc_report *r, void *payload)
{
    return sc_report_count(r, payload, NULL) == SC_OK ? 0 : 1;
}

typedef struct { uint64_t n, sum; } tally;

static int sum_cell(const sc_cell *c, void *payload)
{
    tally *t = payload;
    char ym[SC_MONTH_BUFSIZE];
    if (sc_month_format(c->month, ym, sizeof ym) != SC_OK)
        return 1;
    t->n += c->count;
    t->sum += c->count * weight(c->ward_code, strlen(c->ward_code), ym);
    return 0;
}

static int run_stream(const char *path, int validate)
{
    long base = rss_kib();
    double t0 = now();
    sc_counts *c = NULL;
    sc_error err;
    if (sc_counts_new(&c) != SC_OK)
        return 1;
    sc_xml_input in = SC_XML_INPUT_INIT;
    in.path = path;
    sc_xml_read_options o = SC_XML_READ_OPTIONS_INIT;
    o.validate = validate;
    int rc = sc_xml_stream(&in, &o, NULL, count_report, c, &err);
    double t1 = now();
    if (rc != SC_OK) {
        fprintf(stderr, "bench_xml: %s:%lu:%lu: %s\n", err.source, err.line, err.column,
                err.message);
        return 1;
    }
    tally t = { 0, 0 };
    sc_counts_foreach(c, sum_cell, &t);
    sc_counts_free(c);
    result(t.n, t.sum, t1 - t0, base);
    return 0;
}

static int run_load(const char *path, sc_casebook **keep, double *secs, long *base)
{
    *base = rss_kib();
    double t0 = now();
    sc_casebook *cb = NULL;
    sc_error err;
    sc_xml_input in = SC_XML_INPUT_INIT;
    in.path = path;
    int rc = sc_xml_load(&cb, &in, NULL, &err);
    *secs = now() - t0;
    if (rc != SC_OK) {
        fprintf(stderr, "bench_xml: %s:%lu:%lu: %s\n", err.source, err.line, err.column,
                err.message);
        return 1;
    }
    *keep = cb;
    return 0;
}

static int casebook_tally(const sc_casebook *cb, tally *t)
{
    sc_counts *c = NULL;
    if (sc_counts_new(&c) != SC_OK)
        return 1;
    size_t n = sc_casebook_report_count(cb);
    for (size_t i = 0; i < n; i++)
        if (sc_report_count(sc_casebook_report(cb, i), c, NULL) != SC_OK)
            return 1;
    t->n = t->sum = 0;
    sc_counts_foreach(c, sum_cell, t);
    sc_counts_free(c);
    return 0;
}

/* ------------------------------------------------------------------------------- bare SAX2 */

typedef struct bare {
    int in_report, field; /* 1 ward-code, 2 reported-at */
    char ward[64], ym[8];
    size_t wlen, tlen;
    char text[64];
    uint64_t n;
    uint64_t sum;
} bare;

static void bare_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                       const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
                       int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
    bare *b = ctx;
    (void)prefix, (void)uri, (void)nb_namespaces, (void)namespaces, (void)nb_attributes;
    (void)nb_defaulted, (void)attributes;
    const char *n = (const char *)localname;
    if (strcmp(n, "report") == 0) {
        b->in_report = 1;
        b->wlen = 0;
        b->ym[0] = '\0';
    } else if (b->in_report && strcmp(n, "ward-code") == 0) {
        b->field = 1;
        b->tlen = 0;
    } else if (b->in_report && strcmp(n, "reported-at") == 0) {
        b->field = 2;
        b->tlen = 0;
    }
}

static void bare_chars(void *ctx, const xmlChar *ch, int len)
{
    bare *b = ctx;
    if (!b->field)
        return;
    size_t k = (size_t)len;
    if (k > sizeof b->text - 1 - b->tlen)
        k = sizeof b->text - 1 - b->tlen;
    memcpy(b->text + b->tlen, ch, k);
    b->tlen += k;
}

static void bare_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                     const xmlChar *uri)
{
    bare *b = ctx;
    (void)prefix, (void)uri;
    if (b->field) {
        if (b->field == 1) {
            memcpy(b->ward, b->text, b->tlen);
            b->wlen = b->tlen;
        } else if (b->tlen >= 7) {
            memcpy(b->ym, b->text, 7);
            b->ym[7] = '\0';
        }
        b->field = 0;
        return;
    }
    if (b->in_report && strcmp((const char *)localname, "report") == 0) {
        b->in_report = 0;
        b->n++;
        /* the table: the count of a (ward, month) cell, summed with its weight at the end */
        b->sum += weight(b->ward, b->wlen, b->ym);
    }
}

static int run_bare(const char *path)
{
    long base = rss_kib();
    double t0 = now();
    bare b;
    memset(&b, 0, sizeof b);
    xmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = bare_start;
    sax.endElementNs = bare_end;
    sax.characters = bare_chars;
    gzFile f = gzopen(path, "rb");
    if (!f)
        return 1;
    gzbuffer(f, READ_CHUNK);
    static char buf[READ_CHUNK];
    int n = gzread(f, buf, 4);
    xmlParserCtxtPtr ctxt = xmlCreatePushParserCtxt(&sax, &b, buf, n > 0 ? n : 0, path);
    if (!ctxt)
        return 1;
    xmlCtxtUseOptions(ctxt, XML_PARSE_NONET);
    while ((n = gzread(f, buf, sizeof buf)) > 0)
        xmlParseChunk(ctxt, buf, n, 0);
    xmlParseChunk(ctxt, NULL, 0, 1);
    int ok = ctxt->wellFormed;
    xmlFreeParserCtxt(ctxt);
    gzclose(f);
    double t1 = now();
    if (!ok)
        return 1;
    result(b.n, b.sum, t1 - t0, base);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 4 && strcmp(argv[1], "gen") == 0)
        return gen(atol(argv[2]), argv[3], argc > 4 && strcmp(argv[4], "gz") == 0);
    if (argc == 4 && strcmp(argv[1], "stream") == 0)
        return run_stream(argv[2], atoi(argv[3]));
    if (argc == 3 && strcmp(argv[1], "bare") == 0)
        return run_bare(argv[2]);
    if (argc == 3 && strcmp(argv[1], "load") == 0) {
        sc_casebook *cb = NULL;
        double secs;
        long base;
        if (run_load(argv[2], &cb, &secs, &base) != 0)
            return 1;
        long peak = maxrss_kib();
        tally t;
        if (casebook_tally(cb, &t) != 0)
            return 1;
        printf("reports=%llu sum=%llu seconds=%.6f maxrss_kib=%ld base_kib=%ld\n",
               (unsigned long long)t.n, (unsigned long long)t.sum, secs, peak, base);
        sc_casebook_free(cb);
        return 0;
    }
    if (argc == 5 && strcmp(argv[1], "export") == 0) {
        sc_casebook *cb = NULL;
        double secs;
        long base;
        if (run_load(argv[2], &cb, &secs, &base) != 0)
            return 1;
        sc_xml_write_options o = SC_XML_WRITE_OPTIONS_INIT;
        o.gzip = atoi(argv[4]);
        sc_error err;
        base = rss_kib();
        double t0 = now();
        int rc;
        if (strcmp(argv[3], "-") == 0) {
            FILE *null = fopen("/dev/null", "wb");
            if (!null) {
                perror("/dev/null");
                return 1;
            }
            rc = sc_xml_write_file(cb, null, "/dev/null", &o, &err);
            fclose(null);
        } else {
            rc = sc_xml_write_path(cb, argv[3], &o, &err);
        }
        double t1 = now();
        if (rc != SC_OK) {
            fprintf(stderr, "bench_xml: %s: %s\n", argv[3], err.message);
            return 1;
        }
        tally t;
        if (casebook_tally(cb, &t) != 0)
            return 1;
        sc_casebook_free(cb);
        result(t.n, t.sum, t1 - t0, base);
        return 0;
    }
    fprintf(stderr, "usage: bench_xml gen N FILE [gz] | stream FILE 0|1 | bare FILE | "
                    "load FILE | export FILE OUT|- 0|1\n");
    return 2;
}
