/*
 * fuzz_tables.c - libFuzzer harness for the small CSV readers: counting-rule breaks
 * (sc_breaks_read_buffer) and population tables (sc_population_read_buffer).
 *
 * Build and run: `make fuzz` (it builds and runs this target after fuzz_mps.c).
 *
 * The first input byte chooses the reader; the rest is the file. Checked contract: on failure
 * the status is one of the documented input errors, err.code equals it, the location lies
 * inside the input, and a breaks table keeps exactly the entries it had (a rejected read
 * changes nothing); on success every entry is well-formed and findable.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stalkcase/stalkcase.h>

#define CHECK(cond, ...)                                                              \
    do {                                                                              \
        if (!(cond)) {                                                                \
            fprintf(stderr, "INVARIANT FAILED %s:%d: %s: ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                             \
            fputc('\n', stderr);                                                      \
            abort();                                                                  \
        }                                                                             \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t count_lines(const uint8_t *data, size_t size)
{
    size_t lines = 1;
    for (size_t i = 0; i < size; i++)
        lines += data[i] == '\n' || (data[i] == '\r' && (i + 1 == size || data[i + 1] != '\n'));
    return lines;
}

static void check_failure(int rc, const sc_error *err, const uint8_t *data, size_t size)
{
    CHECK(rc == SC_EPARSE || rc == SC_EDATA || rc == SC_ELIMIT || rc == SC_EOVERFLOW,
          "status %d (%s)", rc, err->message);
    CHECK(err->code == rc, "err.code %d, status %d", err->code, rc);
    CHECK(err->message[0] != '\0', "empty message");
    CHECK(err->line <= count_lines(data, size), "line %lu", err->line);
}

static void fuzz_breaks(const uint8_t *data, size_t size)
{
    sc_breaks *b = NULL;
    sc_error err;
    CHECK(sc_breaks_new_england_wales(&b) == SC_OK, "new");
    size_t before = sc_breaks_size(b);
    int rc = sc_breaks_read_buffer(b, data, size, "fuzz", &err);
    if (rc != SC_OK) {
        check_failure(rc, &err, data, size);
        CHECK(sc_breaks_size(b) == before, "failed read changed the table");
    } else {
        CHECK(sc_breaks_size(b) >= before, "entries lost");
        for (size_t i = 0; i < sc_breaks_size(b); i++) {
            const sc_break *e = sc_breaks_get(b, i);
            CHECK(e && e->id && e->title && e->source && e->description, "entry %zu", i);
            CHECK(sc_month_valid(e->month), "month of %s", e->id);
            CHECK(sc_breaks_find(b, e->id) == e, "find %s", e->id);
        }
    }
    sc_breaks_free(b);
}

static void fuzz_population(const uint8_t *data, size_t size)
{
    sc_population *p = (sc_population *)1;
    sc_error err;
    int rc = sc_population_read_buffer(&p, data, size, "fuzz", &err);
    if (rc != SC_OK) {
        check_failure(rc, &err, data, size);
        CHECK(p == NULL, "out not NULL on failure");
        return;
    }
    for (size_t i = 0; i < sc_population_size(p); i++) {
        const sc_area_population *a = sc_population_get(p, i);
        CHECK(a && a->name && a->code && a->residents >= 1, "row %zu", i);
        CHECK(sc_population_find(p, a->name) != NULL, "find %s", a->name);
    }
    sc_population_free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    if (data[0] & 1)
        fuzz_population(data + 1, size - 1);
    else
        fuzz_breaks(data + 1, size - 1);
    return 0;
}
