/*
 * fuzz_xml.c - libFuzzer harness for the casebook XML reader and writer.
 *
 * Build and run: `make fuzz-smoke` (this harness only, FUZZ_SECONDS, default 60) or `make fuzz`
 * (every harness); seeded with tests/data/xml/bad and examples/data/sample-casebook.xml.
 *
 * The first byte chooses the options (bit 0: schema validation on, bit 1: integrity check on);
 * the rest is the file (plain or gzip). Checks the documented contract:
 *  - a failure has a documented status, err.code equal to it, a message and the source name;
 *  - a success exports, and the export reads back to an equal casebook and re-exports to the
 *    same bytes (plain and gzip);
 *  - streaming agrees with loading on success (same number of records).
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stalkcase/stalkcase.h>

#define CHECK(cond, ...)                                                                 \
    do {                                                                                 \
        if (!(cond)) {                                                                   \
            fprintf(stderr, "INVARIANT FAILED %s:%d: %s: ", __FILE__, __LINE__, #cond);  \
            fprintf(stderr, __VA_ARGS__);                                                \
            fputc('\n', stderr);                                                         \
            abort();                                                                     \
        }                                                                                \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int count_cb(const sc_report *r, void *payload)
{
    (void)r;
    ++*(size_t *)payload;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    sc_xml_read_options o = SC_XML_READ_OPTIONS_INIT;
    o.validate = data[0] & 1;
    o.check = (data[0] >> 1) & 1;
    o.max_inflated = 8u << 20;
    sc_xml_input in = SC_XML_INPUT_INIT;
    in.data = data + 1;
    in.size = size - 1;
    in.name = "fuzz";

    sc_casebook *cb = NULL;
    sc_error err;
    sc_error_clear(&err);
    int rc = sc_xml_load(&cb, &in, &o, &err);
    if (rc != SC_OK) {
        CHECK(cb == NULL, "casebook on failure");
        CHECK(rc == SC_EPARSE || rc == SC_EDATA || rc == SC_ELIMIT || rc == SC_ENOMEM,
              "status %d (%s)", rc, err.message);
        CHECK(err.code == rc, "err.code %d, status %d", err.code, rc);
        CHECK(err.message[0] != '\0', "empty message");
        CHECK(strcmp(err.source, "fuzz") == 0, "source '%s'", err.source);
        return 0;
    }
    size_t streamed = 0;
    CHECK(sc_xml_stream(&in, &o, NULL, count_cb, &streamed, &err) == SC_OK, "stream failed: %s",
          err.message);
    CHECK(streamed == sc_casebook_report_count(cb), "streamed %zu of %zu", streamed,
          sc_casebook_report_count(cb));

    for (int gz = 0; gz < 2; gz++) {
        sc_xml_write_options wo = SC_XML_WRITE_OPTIONS_INIT;
        wo.gzip = gz;
        unsigned char *a = NULL, *b = NULL;
        size_t na = 0, nb = 0;
        CHECK(sc_xml_write_buffer(&a, &na, cb, &wo, NULL) == SC_OK, "export");
        sc_xml_input in2 = SC_XML_INPUT_INIT;
        in2.data = a;
        in2.size = na;
        sc_xml_read_options o2 = SC_XML_READ_OPTIONS_INIT;
        o2.check = 0;
        o2.max_inflated = 0;
        sc_casebook *back = NULL;
        rc = sc_xml_load(&back, &in2, &o2, &err);
        CHECK(rc == SC_OK, "own export rejected: %d %lu:%lu %s", rc, err.line, err.column,
              err.message);
        CHECK(sc_casebook_equal(cb, back), "round trip differs");
        CHECK(sc_xml_write_buffer(&b, &nb, back, &wo, NULL) == SC_OK, "re-export");
        CHECK(na == nb && memcmp(a, b, na) == 0, "re-export differs");
        sc_free(a);
        sc_free(b);
        sc_casebook_free(back);
    }
    sc_casebook_free(cb);
    return 0;
}
