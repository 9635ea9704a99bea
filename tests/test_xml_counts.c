/*
 * test_xml_counts.c - count tables as XML "counts" documents (sc_xml_write_counts_path,
 * sc_xml_write_counts_buffer in xml.h).
 *
 * Expected values are written by hand: the exact bytes of the document of a three-cell table
 * (escaping of XML 1.0 section 2.4 and 3.3.3 in attribute values: '&' '<' '"' escaped, tab and
 * LF as character references), and validity checked independently of the writer with
 * libxml2's own schema validator (xmlSchemaValidateDoc) against the embedded schema, for the
 * small table and for the Met sample CSV (examples/data/mps-ward-sample.csv; its totals are
 * checked by tests/test_cli_xml.sh with Python's csv module).
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <zlib.h>

static sc_month M(int y, int m)
{
    sc_month out = SC_MONTH_NONE;
    assert_int_equal(sc_month_make(&out, y, m), SC_OK);
    return out;
}

/* A table of three cells, months 2024-01..2024-03 covered (2024-02 with no count). */
static sc_counts *small_table(void)
{
    sc_counts *c = NULL;
    assert_int_equal(sc_counts_new(&c), SC_OK);
    assert_int_equal(sc_counts_add(c, "E05000002", "B & <B>", "Borough \"Two\"", "MAJOR",
                                   "minor\tx", M(2024, 3), 7, NULL), SC_OK);
    assert_int_equal(sc_counts_add(c, "E05000001", "A", "Bor", "MAJOR", "minor",
                                   M(2024, 1), 2, NULL), SC_OK);
    assert_int_equal(sc_counts_add(c, "E05000001", "A", "Bor", "MAJOR", "minor",
                                   M(2024, 3), 18446744073709551615ull, NULL), SC_OK);
    assert_int_equal(sc_counts_cover(c, M(2024, 1), M(2024, 3)), SC_OK);
    return c;
}

static const char SMALL_XML[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<counts xmlns=\"urn:libstalkcase:stalkcase:1\">\n"
    "  <coverage>\n"
    "    <month>2024-01</month>\n"
    "    <month>2024-02</month>\n"
    "    <month>2024-03</month>\n"
    "  </coverage>\n"
    "  <cell ward-code=\"E05000001\" ward-name=\"A\" borough=\"Bor\" major=\"MAJOR\" "
    "minor=\"minor\" month=\"2024-01\" count=\"2\"/>\n"
    "  <cell ward-code=\"E05000001\" ward-name=\"A\" borough=\"Bor\" major=\"MAJOR\" "
    "minor=\"minor\" month=\"2024-03\" count=\"18446744073709551615\"/>\n"
    "  <cell ward-code=\"E05000002\" ward-name=\"B &amp; &lt;B&gt;\" "
    "borough=\"Borough &quot;Two&quot;\" major=\"MAJOR\" minor=\"minor&#9;x\" "
    "month=\"2024-03\" count=\"7\"/>\n"
    "</counts>\n";

/* Validates a document against the embedded schema with libxml2's validator. */
static int schema_valid(const void *data, size_t size)
{
    size_t xsd_size = 0;
    const char *xsd = sc_xml_schema(&xsd_size);
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewMemParserCtxt(xsd, (int)xsd_size);
    assert_non_null(pc);
    xmlSchemaPtr schema = xmlSchemaParse(pc);
    assert_non_null(schema);
    xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
    assert_non_null(vc);
    xmlDocPtr doc = xmlReadMemory(data, (int)size, "counts.xml", NULL, XML_PARSE_NONET);
    assert_non_null(doc);
    int rc = xmlSchemaValidateDoc(vc, doc);
    xmlFreeDoc(doc);
    xmlSchemaFreeValidCtxt(vc);
    xmlSchemaFree(schema);
    xmlSchemaFreeParserCtxt(pc);
    return rc == 0;
}

static void test_exact_bytes_and_valid(void **state)
{
    (void)state;
    sc_counts *c = small_table();
    unsigned char *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;

    assert_int_equal(sc_xml_write_counts_buffer(&a, &na, c, NULL, NULL), SC_OK);
    assert_int_equal(na, strlen(SMALL_XML));
    assert_string_equal((const char *)a, SMALL_XML);
    assert_true(schema_valid(a, na));
    /* Deterministic: a second write gives the same bytes. */
    assert_int_equal(sc_xml_write_counts_buffer(&b, &nb, c, NULL, NULL), SC_OK);
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, na);
    sc_free(a);
    sc_free(b);

    /* An empty table: an empty coverage, no cell; still valid. */
    sc_counts *e = NULL;
    assert_int_equal(sc_counts_new(&e), SC_OK);
    assert_int_equal(sc_xml_write_counts_buffer(&a, &na, e, NULL, NULL), SC_OK);
    assert_true(schema_valid(a, na));
    assert_non_null(strstr((const char *)a, "<coverage/>"));
    sc_free(a);
    sc_counts_free(e);
    sc_counts_free(c);
}

static void test_gzip(void **state)
{
    (void)state;
    sc_counts *c = small_table();
    sc_xml_write_options wo = SC_XML_WRITE_OPTIONS_INIT;
    unsigned char *gz = NULL, *gz2 = NULL;
    size_t ngz = 0, ngz2 = 0;
    unsigned char plain[4096];

    wo.gzip = 1;
    assert_int_equal(sc_xml_write_counts_buffer(&gz, &ngz, c, &wo, NULL), SC_OK);
    assert_true(ngz > 18);
    assert_int_equal(gz[0], 0x1f);
    assert_int_equal(gz[1], 0x8b);
    /* mtime (bytes 4-7) is 0 */
    assert_int_equal(gz[4] | gz[5] | gz[6] | gz[7], 0);
    assert_int_equal(sc_xml_write_counts_buffer(&gz2, &ngz2, c, &wo, NULL), SC_OK);
    assert_int_equal(ngz, ngz2);
    assert_memory_equal(gz, gz2, ngz);

    z_stream z;
    memset(&z, 0, sizeof z);
    assert_int_equal(inflateInit2(&z, 15 + 16), Z_OK);
    z.next_in = gz;
    z.avail_in = (uInt)ngz;
    z.next_out = plain;
    z.avail_out = sizeof plain - 1;
    assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
    plain[sizeof plain - 1 - z.avail_out] = '\0';
    inflateEnd(&z);
    assert_string_equal((const char *)plain, SMALL_XML);

    sc_free(gz2);
    wo.level = 0;
    assert_int_equal(sc_xml_write_counts_buffer(&gz2, &ngz2, c, &wo, NULL), SC_EINVAL);
    assert_null(gz2);
    sc_free(gz);
    sc_counts_free(c);
}

static void test_bad_text_and_args(void **state)
{
    (void)state;
    sc_counts *c = NULL;
    unsigned char *out = NULL;
    size_t n = 1;
    sc_error err;

    assert_int_equal(sc_counts_new(&c), SC_OK);
    /* A vertical tab is valid UTF-8 (the table accepts it) but not an XML 1.0 character. */
    assert_int_equal(sc_counts_add(c, "E1", "Ward\vname", "B", "MAJ", "MIN", M(2024, 5), 1,
                                   NULL), SC_OK);
    sc_error_clear(&err);
    assert_int_equal(sc_xml_write_counts_buffer(&out, &n, c, NULL, &err), SC_EDATA);
    assert_null(out);
    assert_int_equal(n, 0);
    assert_non_null(strstr(err.message, "ward name"));
    assert_non_null(strstr(err.message, "E1"));
    assert_non_null(strstr(err.message, "2024-05"));

    assert_int_equal(sc_xml_write_counts_buffer(NULL, &n, c, NULL, NULL), SC_EINVAL);
    assert_int_equal(sc_xml_write_counts_buffer(&out, &n, NULL, NULL, NULL), SC_EINVAL);
    assert_int_equal(sc_xml_write_counts_path(NULL, "x.xml", NULL, NULL), SC_EINVAL);
    assert_int_equal(sc_xml_write_counts_path(c, NULL, NULL, NULL), SC_EINVAL);
    assert_int_equal(sc_xml_write_counts_path(c, "", NULL, NULL), SC_EINVAL);
    sc_counts_free(c);
}

/* 1 when the directory holds an entry other than . and .. whose name starts with '.' (a
 * temporary file left behind). */
static int dot_files(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int found = 0;

    assert_non_null(d);
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] == '.' && strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            found = 1;
    closedir(d);
    return found;
}

static void test_path_atomic(void **state)
{
    (void)state;
    char dir[] = "/tmp/test_xml_counts.XXXXXX";
    char path[TU_PATH_MAX], missing[TU_PATH_MAX];
    sc_counts *c = small_table();
    sc_error err;
    FILE *fp;
    char buf[8192];
    size_t n;

    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/counts.xml", dir);
    fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("old", fp);
    fclose(fp);

    /* A missing directory: SC_EIO, nothing created. */
    snprintf(missing, sizeof missing, "%s/no/such/dir/counts.xml", dir);
    sc_error_clear(&err);
    assert_int_equal(sc_xml_write_counts_path(c, missing, NULL, &err), SC_EIO);
    assert_int_equal(err.sys_errno, ENOENT);

    /* A text XML cannot carry: SC_EDATA, the previous file untouched, no temporary left. */
    sc_counts *bad = NULL;
    assert_int_equal(sc_counts_new(&bad), SC_OK);
    assert_int_equal(sc_counts_add(bad, "E1", "W", "B", "MAJ", "MIN\x01", M(2024, 5), 1, NULL),
                     SC_OK);
    assert_int_equal(sc_xml_write_counts_path(bad, path, NULL, NULL), SC_EDATA);
    sc_counts_free(bad);
    fp = fopen(path, "r");
    assert_non_null(fp);
    n = fread(buf, 1, sizeof buf - 1, fp);
    fclose(fp);
    buf[n] = '\0';
    assert_string_equal(buf, "old");
    assert_false(dot_files(dir));

    /* Success replaces the file with the document. */
    assert_int_equal(sc_xml_write_counts_path(c, path, NULL, NULL), SC_OK);
    fp = fopen(path, "r");
    assert_non_null(fp);
    n = fread(buf, 1, sizeof buf - 1, fp);
    fclose(fp);
    buf[n] = '\0';
    assert_string_equal(buf, SMALL_XML);
    assert_false(dot_files(dir));

    assert_int_equal(unlink(path), 0);
    assert_int_equal(rmdir(dir), 0);
    sc_counts_free(c);
}

/* The Met sample CSV, converted, is valid; the count of cells equals the table's size. */
static void test_sample_csv_valid(void **state)
{
    (void)state;
    const char *top = getenv("top_srcdir");
    char path[TU_PATH_MAX];
    sc_counts *c = NULL;
    unsigned char *out = NULL;
    size_t n = 0, cells = 0;

    snprintf(path, sizeof path, "%s/examples/data/mps-ward-sample.csv", top ? top : ".");
    assert_int_equal(sc_mps_read_path(&c, path, NULL, NULL), SC_OK);
    assert_int_equal(sc_xml_write_counts_buffer(&out, &n, c, NULL, NULL), SC_OK);
    assert_true(schema_valid(out, n));
    for (const char *p = (const char *)out; (p = strstr(p, "<cell ")) != NULL; p++)
        cells++;
    assert_int_equal(cells, sc_counts_size(c));
    sc_free(out);
    sc_counts_free(c);
}

/* A counts document is not a casebook: the casebook reader rejects it. */
static void test_not_a_casebook(void **state)
{
    (void)state;
    sc_counts *c = small_table();
    unsigned char *out = NULL;
    size_t n = 0;
    sc_casebook *cb = NULL;
    sc_xml_input in = SC_XML_INPUT_INIT;

    assert_int_equal(sc_xml_write_counts_buffer(&out, &n, c, NULL, NULL), SC_OK);
    in.data = out;
    in.size = n;
    assert_int_equal(sc_xml_load(&cb, &in, NULL, NULL), SC_EDATA);
    assert_null(cb);
    sc_free(out);
    sc_counts_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_bytes_and_valid),
        cmocka_unit_test(test_gzip),
        cmocka_unit_test(test_bad_text_and_args),
        cmocka_unit_test(test_path_atomic),
        cmocka_unit_test(test_sample_csv_valid),
        cmocka_unit_test(test_not_a_casebook),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    xmlCleanupParser();
    return rc;
}
