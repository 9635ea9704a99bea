/*
 * counts.c - count tables keyed by (area, category, month).
 *
 * Layout: areas and categories are interned composite keys ("code\0name\0borough",
 * "major\0minor", the latter case-folded). A series holds the counts of one (area, category)
 * pair in year blocks of twelve months, sorted by year, so sparse spans (a report in 1999 and
 * one in 2025) cost two blocks, and the dense Met layout costs one or two blocks per row.
 * Changes that can fail are done in two steps: everything that allocates first (which leaves at
 * most unobservable zero-valued structure behind on failure), then the changes to counts and
 * coverage, which cannot fail.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "sc_internal.h"

typedef struct area {
    const char *code, *name, *borough; /* point into the interned key */
    size_t code_len, name_len, borough_len;
    uint32_t borough_id;
} area;

typedef struct category {
    const char *major, *minor; /* point into the interned key (first spelling) */
    size_t major_len, minor_len;
} category;

typedef struct block {
    int32_t year;
    uint64_t v[12];
} block;

typedef struct series {
    uint32_t area, cat;
    uint32_t nblocks, cap;
    block *blocks; /* sorted by year */
} series;

struct sc_counts {
    sci_strtab area_keys; /* exact; id = index into areas */
    sci_strtab boroughs;  /* exact */
    sci_strtab cat_keys;  /* folded; id = index into cats */
    area *areas;
    size_t areas_cap;
    category *cats;
    size_t cats_cap;
    series *series;
    size_t nseries, series_cap;
    sci_keyidx series_idx; /* (area << 32 | cat) -> series id */
    uint32_t last_area;    /* the area most recently interned + 1, or 0: rows often repeat it */
    uint32_t last_cat;     /* the category most recently used by sc_counts_add + 1, or 0 */
    unsigned char *cov;    /* cov[i] != 0: month cov_first + i is covered */
    sc_month cov_first;
    size_t cov_len;
};

struct sc_totals {
    sc_group by;
    size_t n;
    sc_cell *rows;
    char *pool;
    uint64_t sum;
};

/* ------------------------------------------------------------------ creation */

int sc_counts_new(sc_counts **out)
{
    if (!out)
        return SC_EINVAL;
    *out = NULL;
    sc_counts *c = calloc(1, sizeof *c);
    if (!c)
        return SC_ENOMEM;
    /* Secret hash seeds, so that crafted input cannot make the hash tables degenerate. If
     * libsodium cannot start, the table's address and the clock still vary the seeds. */
    uint64_t seed[4] = {0, 0, 0, 0};
    if (sodium_init() >= 0) {
        randombytes_buf(seed, sizeof seed);
    } else {
        uint64_t fallback = (uint64_t)(uintptr_t)c ^ ((uint64_t)clock() << 32) ^ (uint64_t)time(NULL);
        for (int i = 0; i < 4; i++)
            seed[i] = fallback * UINT64_C(0x9e3779b97f4a7c15) + (uint64_t)i;
    }
    sci_strtab_init(&c->area_keys, 0, seed[0]);
    sci_strtab_init(&c->boroughs, 0, seed[1]);
    sci_strtab_init(&c->cat_keys, 1, seed[2]);
    sci_keyidx_init(&c->series_idx, seed[3]);
    c->cov_first = SC_MONTH_NONE;
    *out = c;
    return SC_OK;
}

void sc_counts_free(sc_counts *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nseries; i++)
        free(c->series[i].blocks);
    free(c->series);
    sci_keyidx_clear(&c->series_idx);
    free(c->areas);
    free(c->cats);
    sci_strtab_clear(&c->area_keys);
    sci_strtab_clear(&c->boroughs);
    sci_strtab_clear(&c->cat_keys);
    free(c->cov);
    free(c);
}

/* ------------------------------------------------------------------ interning */

static int grow(void **items, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return SC_OK;
    size_t ncap = *cap ? *cap * 2 : 16;
    while (ncap < need)
        ncap *= 2;
    void *p = realloc(*items, ncap * size);
    if (!p)
        return SC_ENOMEM;
    *items = p;
    *cap = ncap;
    return SC_OK;
}

static void area_parts(sci_part parts[3], const char *code, size_t code_len, const char *name,
                       size_t name_len, const char *borough, size_t borough_len)
{
    parts[0].p = code;
    parts[0].len = code_len;
    parts[1].p = name;
    parts[1].len = name_len;
    parts[2].p = borough;
    parts[2].len = borough_len;
}

static int find_area(const sc_counts *c, const char *code, size_t code_len, const char *name,
                     size_t name_len, const char *borough, size_t borough_len, uint32_t *id)
{
    sci_part parts[3];
    area_parts(parts, code, code_len, name, name_len, borough, borough_len);
    return sci_strtab_find(&c->area_keys, parts, 3, id);
}

static int same_area(const area *a, const char *code, size_t code_len, const char *name,
                     size_t name_len, const char *borough, size_t borough_len)
{
    return a->code_len == code_len && a->name_len == name_len &&
           a->borough_len == borough_len && memcmp(a->code, code, code_len) == 0 &&
           memcmp(a->name, name, name_len) == 0 && memcmp(a->borough, borough, borough_len) == 0;
}

int sci_counts_area(sc_counts *c, const char *code, size_t code_len, const char *name,
                    size_t name_len, const char *borough, size_t borough_len, uint32_t *id)
{
    if (c->last_area &&
        same_area(&c->areas[c->last_area - 1], code, code_len, name, name_len, borough,
                  borough_len)) {
        *id = c->last_area - 1;
        return SC_OK;
    }
    if (find_area(c, code, code_len, name, name_len, borough, borough_len, id)) {
        c->last_area = *id + 1;
        return SC_OK;
    }
    int rc = grow((void **)&c->areas, &c->areas_cap, c->area_keys.count + 1, sizeof(area));
    if (rc != SC_OK)
        return rc;
    sci_part bpart = {borough, borough_len};
    uint32_t bid;
    rc = sci_strtab_intern(&c->boroughs, &bpart, 1, &bid);
    if (rc != SC_OK)
        return rc;
    sci_part parts[3];
    area_parts(parts, code, code_len, name, name_len, borough, borough_len);
    rc = sci_strtab_intern(&c->area_keys, parts, 3, id);
    if (rc != SC_OK)
        return rc;
    const char *text = c->area_keys.items[*id].text;
    area *a = &c->areas[*id];
    a->code = text;
    a->code_len = code_len;
    a->name = text + code_len + 1;
    a->name_len = name_len;
    a->borough = a->name + name_len + 1;
    a->borough_len = borough_len;
    a->borough_id = bid;
    c->last_area = *id + 1;
    return SC_OK;
}

static int find_category(const sc_counts *c, const char *major, size_t major_len,
                         const char *minor, size_t minor_len, uint32_t *id)
{
    sci_part parts[2] = {{major, major_len}, {minor, minor_len}};
    return sci_strtab_find(&c->cat_keys, parts, 2, id);
}

int sci_counts_category(sc_counts *c, const char *major, size_t major_len, const char *minor,
                        size_t minor_len, uint32_t *id)
{
    if (find_category(c, major, major_len, minor, minor_len, id))
        return SC_OK;
    int rc = grow((void **)&c->cats, &c->cats_cap, c->cat_keys.count + 1, sizeof(category));
    if (rc != SC_OK)
        return rc;
    sci_part parts[2] = {{major, major_len}, {minor, minor_len}};
    rc = sci_strtab_intern(&c->cat_keys, parts, 2, id);
    if (rc != SC_OK)
        return rc;
    const char *text = c->cat_keys.items[*id].text;
    category *k = &c->cats[*id];
    k->major = text;
    k->major_len = major_len;
    k->minor = text + major_len + 1;
    k->minor_len = minor_len;
    return SC_OK;
}

void sci_counts_category_text(const sc_counts *c, uint32_t id, const char **major,
                              size_t *major_len, const char **minor, size_t *minor_len)
{
    const category *k = &c->cats[id];
    *major = k->major;
    *major_len = k->major_len;
    *minor = k->minor;
    *minor_len = k->minor_len;
}

static uint64_t series_key(uint32_t area_id, uint32_t cat_id)
{
    return ((uint64_t)area_id << 32) | cat_id;
}

int sci_counts_series_is(const sc_counts *c, uint32_t id, uint32_t area_id, uint32_t cat_id)
{
    return id < c->nseries && c->series[id].area == area_id && c->series[id].cat == cat_id;
}

int sci_counts_series(sc_counts *c, uint32_t area_id, uint32_t cat_id, uint32_t *id)
{
    uint64_t key = series_key(area_id, cat_id);
    if (sci_keyidx_find(&c->series_idx, key, id))
        return SC_OK;
    if (c->nseries >= UINT32_MAX - 1)
        return SC_ELIMIT;
    int rc = grow((void **)&c->series, &c->series_cap, c->nseries + 1, sizeof(series));
    if (rc == SC_OK)
        rc = sci_keyidx_reserve(&c->series_idx);
    if (rc != SC_OK)
        return rc;
    series *s = &c->series[c->nseries];
    memset(s, 0, sizeof *s);
    s->area = area_id;
    s->cat = cat_id;
    *id = (uint32_t)c->nseries++;
    sci_keyidx_put(&c->series_idx, key, *id);
    return SC_OK;
}

/* Index of the block for year in s, or of the position where it would be inserted. */
static uint32_t block_pos(const series *s, int32_t year, int *found)
{
    uint32_t lo = 0, hi = s->nblocks;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (s->blocks[mid].year < year)
            lo = mid + 1;
        else
            hi = mid;
    }
    *found = lo < s->nblocks && s->blocks[lo].year == year;
    return lo;
}

static uint64_t *find_slot(const series *s, sc_month m)
{
    int found;
    uint32_t i = block_pos(s, (int32_t)(m / 12), &found);
    return found ? &s->blocks[i].v[m % 12] : NULL;
}

int sci_counts_slot(sc_counts *c, uint32_t sid, sc_month m, uint64_t **slot)
{
    series *s = &c->series[sid];
    int found;
    int32_t year = (int32_t)(m / 12);
    uint32_t i = block_pos(s, year, &found);
    if (!found) {
        if (s->nblocks == s->cap) {
            uint32_t ncap = s->cap ? s->cap * 2 : 2;
            block *nb = realloc(s->blocks, (size_t)ncap * sizeof *nb);
            if (!nb)
                return SC_ENOMEM;
            s->blocks = nb;
            s->cap = ncap;
        }
        memmove(&s->blocks[i + 1], &s->blocks[i], (size_t)(s->nblocks - i) * sizeof(block));
        memset(&s->blocks[i], 0, sizeof(block));
        s->blocks[i].year = year;
        s->nblocks++;
    }
    *slot = &s->blocks[i].v[m % 12];
    return SC_OK;
}

int sci_counts_years(sc_counts *c, uint32_t sid, const int32_t *years, size_t n,
                     uint64_t **blocks)
{
    series *s = &c->series[sid];
    /* fast path: the series holds exactly these years (every row of an import does) */
    if (s->nblocks == n) {
        size_t i = 0;
        while (i < n && s->blocks[i].year == years[i])
            i++;
        if (i == n) {
            for (i = 0; i < n; i++)
                blocks[i] = s->blocks[i].v;
            return SC_OK;
        }
    }
    uint64_t *slot;
    for (size_t i = 0; i < n; i++) {
        int rc = sci_counts_slot(c, sid, (sc_month)(years[i] * 12), &slot);
        if (rc != SC_OK)
            return rc;
    }
    for (size_t i = 0; i < n; i++) {
        blocks[i] = find_slot(s, (sc_month)(years[i] * 12));
    }
    return SC_OK;
}

/* Looks up a cell without changing anything; NULL when it does not exist. */
static const uint64_t *lookup(const sc_counts *c, const char *code, size_t code_len,
                              const char *name, size_t name_len, const char *borough,
                              size_t borough_len, const char *major, size_t major_len,
                              const char *minor, size_t minor_len, sc_month m)
{
    uint32_t aid, kid, sid;
    if (!find_area(c, code, code_len, name, name_len, borough, borough_len, &aid) ||
        !find_category(c, major, major_len, minor, minor_len, &kid) ||
        !sci_keyidx_find(&c->series_idx, series_key(aid, kid), &sid))
        return NULL;
    return find_slot(&c->series[sid], m);
}

/* ------------------------------------------------------------------ coverage */

/* Makes the coverage map span first..last (zero-filled); covers nothing. */
static int cov_reserve(sc_counts *c, sc_month first, sc_month last)
{
    if (c->cov_len == 0) {
        size_t len = (size_t)(last - first) + 1;
        c->cov = calloc(len, 1);
        if (!c->cov)
            return SC_ENOMEM;
        c->cov_first = first;
        c->cov_len = len;
        return SC_OK;
    }
    sc_month cur_last = c->cov_first + (sc_month)c->cov_len - 1;
    if (first >= c->cov_first && last <= cur_last)
        return SC_OK;
    sc_month nfirst = first < c->cov_first ? first : c->cov_first;
    sc_month nlast = last > cur_last ? last : cur_last;
    size_t nlen = (size_t)(nlast - nfirst) + 1;
    unsigned char *ncov = calloc(nlen, 1);
    if (!ncov)
        return SC_ENOMEM;
    memcpy(ncov + (c->cov_first - nfirst), c->cov, c->cov_len);
    free(c->cov);
    c->cov = ncov;
    c->cov_first = nfirst;
    c->cov_len = nlen;
    return SC_OK;
}

/* Covers first..last; the map must already span them. */
static void cov_set(sc_counts *c, sc_month first, sc_month last)
{
    memset(c->cov + (first - c->cov_first), 1, (size_t)(last - first) + 1);
}

int sc_counts_cover(sc_counts *c, sc_month first, sc_month last)
{
    if (!c || !sc_month_valid(first) || !sc_month_valid(last) || first > last)
        return SC_EINVAL;
    int rc = cov_reserve(c, first, last);
    if (rc != SC_OK)
        return rc;
    cov_set(c, first, last);
    return SC_OK;
}

int sc_counts_covers(const sc_counts *c, sc_month m)
{
    if (!c || !sc_month_valid(m) || c->cov_len == 0 || m < c->cov_first ||
        (size_t)(m - c->cov_first) >= c->cov_len)
        return 0;
    return c->cov[m - c->cov_first] != 0;
}

int sc_counts_coverage(const sc_counts *c, sc_month *first, sc_month *last)
{
    if (first)
        *first = SC_MONTH_NONE;
    if (last)
        *last = SC_MONTH_NONE;
    if (!c)
        return SC_EINVAL;
    size_t lo = 0, hi = c->cov_len;
    while (lo < hi && !c->cov[lo])
        lo++;
    while (hi > lo && !c->cov[hi - 1])
        hi--;
    if (lo == hi)
        return SC_ENOTFOUND;
    if (first)
        *first = c->cov_first + (sc_month)lo;
    if (last)
        *last = c->cov_first + (sc_month)(hi - 1);
    return SC_OK;
}

/* ------------------------------------------------------------------ adding */

/* Byte-equal to a category of the table (so also equal ASCII-case-insensitively). */
static int same_category(const category *k, const char *major, size_t major_len,
                         const char *minor, size_t minor_len)
{
    return k->major_len == major_len && k->minor_len == minor_len &&
           memcmp(k->major, major, major_len) == 0 && memcmp(k->minor, minor, minor_len) == 0;
}

static int check_text(const char *s, const char *what, sc_error *err)
{
    if (!sci_utf8_valid(s, strlen(s))) {
        char shown[96];
        return sci_error(err, SC_EDATA, NULL, 0, 0, "%s \"%s\" is not valid UTF-8", what,
                         sci_excerpt(shown, sizeof shown, s, strlen(s)));
    }
    return SC_OK;
}

int sc_counts_add(sc_counts *c, const char *ward_code, const char *ward_name,
                  const char *borough, const char *major, const char *minor, sc_month month,
                  uint64_t n, sc_error *err)
{
    if (!c || !ward_code || !ward_name || !borough || !major || !minor)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "NULL argument to sc_counts_add");
    if (!sc_month_valid(month))
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "invalid month %ld", (long)month);
    int rc;
    size_t lc = strlen(ward_code), ln = strlen(ward_name), lb = strlen(borough);
    size_t lma = strlen(major), lmi = strlen(minor);

    /* Find the area and category once (the last ones used are tried first: consecutive
     * records often repeat them); only what is missing is created below. */
    uint32_t aid, kid, sid;
    int have_a = 0, have_k = 0;
    if (c->last_area && same_area(&c->areas[c->last_area - 1], ward_code, lc, ward_name, ln,
                                  borough, lb)) {
        aid = c->last_area - 1;
        have_a = 1;
    } else {
        have_a = find_area(c, ward_code, lc, ward_name, ln, borough, lb, &aid);
    }
    if (c->last_cat && same_category(&c->cats[c->last_cat - 1], major, lma, minor, lmi)) {
        kid = c->last_cat - 1;
        have_k = 1;
    } else if (c->cat_keys.count <= 8) {
        /* Tables usually hold a handful of categories: compare them before hashing. */
        for (uint32_t i = 0; i < c->cat_keys.count && !have_k; i++)
            if (same_category(&c->cats[i], major, lma, minor, lmi)) {
                kid = i;
                have_k = 1;
            }
        if (!have_k)
            have_k = find_category(c, major, lma, minor, lmi, &kid);
    } else {
        have_k = find_category(c, major, lma, minor, lmi, &kid);
    }
    /* Texts already in the table were checked when they entered it (a category found
     * ASCII-case-insensitively differs only in ASCII letters): check only the new ones, in the
     * same order as always. */
    if ((!have_a && ((rc = check_text(ward_code, "ward code", err)) != SC_OK ||
                     (rc = check_text(ward_name, "ward name", err)) != SC_OK ||
                     (rc = check_text(borough, "borough", err)) != SC_OK)) ||
        (!have_k && ((rc = check_text(major, "major category", err)) != SC_OK ||
                     (rc = check_text(minor, "minor category", err)) != SC_OK)))
        return rc;
    uint64_t *cur = NULL;
    int have_s = have_a && have_k &&
                 sci_keyidx_find(&c->series_idx, series_key(aid, kid), &sid);
    if (have_s)
        cur = find_slot(&c->series[sid], month);
    if (cur && *cur > UINT64_MAX - n)
        return sci_error(err, SC_EOVERFLOW, NULL, 0, 0,
                         "count would exceed 18446744073709551615");
    if (cur) {
        /* The cell exists: only the coverage map may need room. */
        if ((rc = cov_reserve(c, month, month)) != SC_OK)
            return sci_error(err, rc, NULL, 0, 0, "%s", sc_strerror(rc));
        c->last_area = aid + 1;
        c->last_cat = kid + 1;
        *cur += n;
        cov_set(c, month, month);
        return SC_OK;
    }

    /* step 1: everything that allocates */
    uint64_t *slot;
    if ((!have_a &&
         (rc = sci_counts_area(c, ward_code, lc, ward_name, ln, borough, lb, &aid)) != SC_OK) ||
        (!have_k && (rc = sci_counts_category(c, major, lma, minor, lmi, &kid)) != SC_OK) ||
        (rc = sci_counts_series(c, aid, kid, &sid)) != SC_OK ||
        (rc = cov_reserve(c, month, month)) != SC_OK ||
        (rc = sci_counts_slot(c, sid, month, &slot)) != SC_OK)
        return sci_error(err, rc, NULL, 0, 0, "%s", sc_strerror(rc));
    c->last_area = aid + 1;
    c->last_cat = kid + 1;
    /* step 2: the change itself */
    *slot += n;
    cov_set(c, month, month);
    return SC_OK;
}

int sc_counts_get(const sc_counts *c, const char *ward_code, const char *ward_name,
                  const char *borough, const char *major, const char *minor, sc_month month,
                  uint64_t *out)
{
    if (out)
        *out = 0;
    if (!c || !ward_code || !ward_name || !borough || !major || !minor || !out ||
        !sc_month_valid(month))
        return SC_EINVAL;
    const uint64_t *v = lookup(c, ward_code, strlen(ward_code), ward_name, strlen(ward_name),
                               borough, strlen(borough), major, strlen(major), minor,
                               strlen(minor), month);
    *out = v ? *v : 0;
    return SC_OK;
}

int sc_counts_has_category(const sc_counts *c, const char *text)
{
    if (!c || !text)
        return 0;
    size_t len = strlen(text);
    for (size_t i = 0; i < c->cat_keys.count; i++) {
        const category *k = &c->cats[i];
        if (sci_ascii_caseeq(k->minor, k->minor_len, text, len) ||
            sci_ascii_caseeq(k->major, k->major_len, text, len))
            return 1;
    }
    return 0;
}

size_t sc_counts_size(const sc_counts *c)
{
    size_t n = 0;
    if (!c)
        return 0;
    for (size_t i = 0; i < c->nseries; i++)
        for (uint32_t b = 0; b < c->series[i].nblocks; b++)
            for (int k = 0; k < 12; k++)
                n += c->series[i].blocks[b].v[k] != 0;
    return n;
}

/* ------------------------------------------------------------------ ordering */

static int cmp_bytes(const char *a, size_t alen, const char *b, size_t blen)
{
    size_t n = alen < blen ? alen : blen;
    int r = n ? memcmp(a, b, n) : 0;
    if (r != 0)
        return r < 0 ? -1 : 1;
    return alen == blen ? 0 : (alen < blen ? -1 : 1);
}

static int cmp_area_ptr(const void *x, const void *y)
{
    const area *a = *(const area *const *)x, *b = *(const area *const *)y;
    int r = cmp_bytes(a->code, a->code_len, b->code, b->code_len);
    if (!r)
        r = cmp_bytes(a->name, a->name_len, b->name, b->name_len);
    if (!r)
        r = cmp_bytes(a->borough, a->borough_len, b->borough, b->borough_len);
    return r;
}

static int cmp_cat_ptr(const void *x, const void *y)
{
    const category *a = *(const category *const *)x, *b = *(const category *const *)y;
    int r = sci_ascii_casecmp(a->major, a->major_len, b->major, b->major_len);
    if (!r)
        r = sci_ascii_casecmp(a->minor, a->minor_len, b->minor, b->minor_len);
    return r;
}

typedef struct order_item {
    uint64_t key;
    uint32_t sid;
} order_item;

static int cmp_order(const void *x, const void *y)
{
    const order_item *a = x, *b = y;
    return a->key < b->key ? -1 : (a->key > b->key ? 1 : 0);
}

/* Series ids in the documented order; *out is malloc'd (NULL when there are none). */
static int series_order(const sc_counts *c, uint32_t **out)
{
    size_t na = c->area_keys.count, nk = c->cat_keys.count;
    *out = NULL;
    if (c->nseries == 0)
        return SC_OK;
    const area **ap = malloc(na * sizeof *ap);
    const category **kp = malloc(nk * sizeof *kp);
    uint32_t *arank = malloc(na * sizeof *arank);
    uint32_t *krank = malloc(nk * sizeof *krank);
    order_item *items = malloc(c->nseries * sizeof *items);
    uint32_t *ids = malloc(c->nseries * sizeof *ids);
    int rc = SC_ENOMEM;
    if (!ap || !kp || !arank || !krank || !items || !ids)
        goto done;
    for (size_t i = 0; i < na; i++)
        ap[i] = &c->areas[i];
    for (size_t i = 0; i < nk; i++)
        kp[i] = &c->cats[i];
    qsort(ap, na, sizeof *ap, cmp_area_ptr);
    qsort(kp, nk, sizeof *kp, cmp_cat_ptr);
    for (size_t i = 0; i < na; i++)
        arank[ap[i] - c->areas] = (uint32_t)i;
    for (size_t i = 0; i < nk; i++)
        krank[kp[i] - c->cats] = (uint32_t)i;
    for (size_t i = 0; i < c->nseries; i++) {
        items[i].key = series_key(arank[c->series[i].area], krank[c->series[i].cat]);
        items[i].sid = (uint32_t)i;
    }
    qsort(items, c->nseries, sizeof *items, cmp_order);
    for (size_t i = 0; i < c->nseries; i++)
        ids[i] = items[i].sid;
    *out = ids;
    ids = NULL;
    rc = SC_OK;
done:
    free(ap);
    free(kp);
    free(arank);
    free(krank);
    free(items);
    free(ids);
    return rc;
}

static void fill_cell(const sc_counts *c, const series *s, sc_cell *cell)
{
    const area *a = &c->areas[s->area];
    const category *k = &c->cats[s->cat];
    cell->ward_code = a->code;
    cell->ward_name = a->name;
    cell->borough = a->borough;
    cell->major = k->major;
    cell->minor = k->minor;
}

int sc_counts_foreach(const sc_counts *c, sc_counts_cb cb, void *payload)
{
    if (!c || !cb)
        return SC_EINVAL;
    uint32_t *order;
    int rc = series_order(c, &order);
    if (rc != SC_OK)
        return rc;
    for (size_t i = 0; i < c->nseries && rc == 0; i++) {
        const series *s = &c->series[order[i]];
        sc_cell cell;
        fill_cell(c, s, &cell);
        for (uint32_t b = 0; b < s->nblocks && rc == 0; b++) {
            for (int k = 0; k < 12 && rc == 0; k++) {
                if (s->blocks[b].v[k] == 0)
                    continue;
                cell.month = (sc_month)(s->blocks[b].year * 12 + k);
                cell.count = s->blocks[b].v[k];
                rc = cb(&cell, payload);
            }
        }
    }
    free(order);
    return rc;
}

/* ------------------------------------------------------------------ merging, equality */

static const uint64_t *lookup_like(const sc_counts *c, const sc_counts *other,
                                   const series *s, sc_month m)
{
    const area *a = &other->areas[s->area];
    const category *k = &other->cats[s->cat];
    return lookup(c, a->code, a->code_len, a->name, a->name_len, a->borough, a->borough_len,
                  k->major, k->major_len, k->minor, k->minor_len, m);
}

int sc_counts_merge(sc_counts *dst, const sc_counts *src, sc_error *err)
{
    if (!dst || !src || dst == src)
        return sci_error(err, SC_EINVAL, NULL, 0, 0,
                         "sc_counts_merge needs two different tables");
    /* step 0: would any cell overflow? */
    for (size_t i = 0; i < src->nseries; i++) {
        const series *s = &src->series[i];
        for (uint32_t b = 0; b < s->nblocks; b++) {
            for (int k = 0; k < 12; k++) {
                uint64_t add = s->blocks[b].v[k];
                if (add == 0)
                    continue;
                const uint64_t *cur =
                    lookup_like(dst, src, s, (sc_month)(s->blocks[b].year * 12 + k));
                if (cur && *cur > UINT64_MAX - add)
                    return sci_error(err, SC_EOVERFLOW, NULL, 0, 0,
                                     "merged count would exceed 18446744073709551615");
            }
        }
    }
    /* step 1: everything that allocates */
    uint32_t *map = malloc((src->nseries ? src->nseries : 1) * sizeof *map);
    if (!map)
        return sci_error(err, SC_ENOMEM, NULL, 0, 0, "out of memory");
    int rc = SC_OK;
    if (src->cov_len)
        rc = cov_reserve(dst, src->cov_first, src->cov_first + (sc_month)src->cov_len - 1);
    for (size_t i = 0; i < src->nseries && rc == SC_OK; i++) {
        const series *s = &src->series[i];
        const area *a = &src->areas[s->area];
        const category *k = &src->cats[s->cat];
        uint32_t aid, kid;
        rc = sci_counts_area(dst, a->code, a->code_len, a->name, a->name_len, a->borough,
                             a->borough_len, &aid);
        if (rc == SC_OK)
            rc = sci_counts_category(dst, k->major, k->major_len, k->minor, k->minor_len, &kid);
        if (rc == SC_OK)
            rc = sci_counts_series(dst, aid, kid, &map[i]);
        for (uint32_t b = 0; b < s->nblocks && rc == SC_OK; b++) {
            uint64_t *slot;
            rc = sci_counts_slot(dst, map[i], (sc_month)(s->blocks[b].year * 12), &slot);
        }
    }
    if (rc != SC_OK) {
        free(map);
        return sci_error(err, rc, NULL, 0, 0, "%s", sc_strerror(rc));
    }
    /* step 2: the change itself (no allocation can happen now) */
    for (size_t i = 0; i < src->nseries; i++) {
        const series *s = &src->series[i];
        const series *d = &dst->series[map[i]];
        for (uint32_t b = 0; b < s->nblocks; b++) {
            uint64_t *v = find_slot(d, (sc_month)(s->blocks[b].year * 12));
            for (int k = 0; k < 12; k++)
                v[k] += s->blocks[b].v[k];
        }
    }
    for (size_t i = 0; i < src->cov_len; i++)
        if (src->cov[i])
            dst->cov[src->cov_first + (sc_month)i - dst->cov_first] = 1;
    free(map);
    return SC_OK;
}

int sc_counts_equal(const sc_counts *a, const sc_counts *b)
{
    if (!a || !b)
        return a == b;
    sc_month fa, la, fb, lb;
    int ra = sc_counts_coverage(a, &fa, &la), rb = sc_counts_coverage(b, &fb, &lb);
    if (ra != rb || (ra == SC_OK && (fa != fb || la != lb)))
        return 0;
    if (ra == SC_OK)
        for (sc_month m = fa; m <= la; m++)
            if (sc_counts_covers(a, m) != sc_counts_covers(b, m))
                return 0;
    if (sc_counts_size(a) != sc_counts_size(b))
        return 0;
    for (size_t i = 0; i < a->nseries; i++) {
        const series *s = &a->series[i];
        for (uint32_t blk = 0; blk < s->nblocks; blk++) {
            for (int k = 0; k < 12; k++) {
                uint64_t v = s->blocks[blk].v[k];
                if (v == 0)
                    continue;
                const uint64_t *w =
                    lookup_like(b, a, s, (sc_month)(s->blocks[blk].year * 12 + k));
                if (!w || *w != v)
                    return 0;
            }
        }
    }
    return 1;
}

/* ------------------------------------------------------------------ totals */

typedef struct group_acc {
    uint64_t total;
    uint32_t id; /* area, borough or category id; month offset for SC_GROUP_MONTH */
} group_acc;

static int add_checked(uint64_t *acc, uint64_t v)
{
    if (*acc > UINT64_MAX - v)
        return SC_EOVERFLOW;
    *acc += v;
    return SC_OK;
}

static const char *keep(char **pool, const char *s, size_t len)
{
    char *p = *pool;
    memcpy(p, s, len);
    p[len] = '\0';
    *pool += len + 1;
    return p;
}

/* Sort support: the rows are sorted after their texts were copied. */
static int cmp_row(const void *x, const void *y)
{
    const sc_cell *a = x, *b = y;
    if (a->count != b->count)
        return a->count > b->count ? -1 : 1;
    /* grouping decides which fields are set; compare the set ones in the documented order */
    if (a->ward_name) {
        int r = strcmp(a->ward_name, b->ward_name);
        if (!r)
            r = strcmp(a->ward_code, b->ward_code);
        if (!r)
            r = strcmp(a->borough, b->borough);
        return r;
    }
    if (a->borough)
        return strcmp(a->borough, b->borough);
    if (a->major) {
        int r = strcmp(a->major, b->major);
        return r ? r : strcmp(a->minor, b->minor);
    }
    return 0;
}

int sc_counts_totals(sc_totals **out, const sc_counts *c, sc_group by,
                     const sc_counts_filter *filter, sc_error *err)
{
    static const sc_counts_filter all = SC_COUNTS_FILTER_INIT;
    if (out)
        *out = NULL;
    if (!out || !c)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "NULL argument to sc_counts_totals");
    if (by != SC_GROUP_MONTH && by != SC_GROUP_BOROUGH && by != SC_GROUP_WARD &&
        by != SC_GROUP_CATEGORY)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "unknown grouping %d", (int)by);
    if (!filter)
        filter = &all;
    if (filter->version == 0 || filter->version > SC_COUNTS_FILTER_VERSION)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "unsupported filter version %u",
                         filter->version);
    if ((filter->from != SC_MONTH_NONE && !sc_month_valid(filter->from)) ||
        (filter->to != SC_MONTH_NONE && !sc_month_valid(filter->to)))
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "invalid month in filter");
    if (filter->from != SC_MONTH_NONE && filter->to != SC_MONTH_NONE && filter->from > filter->to)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "filter starts after it ends");

    /* month range considered: the filter's bounds, within the covered span */
    sc_month lo, hi;
    int have_range = sc_counts_coverage(c, &lo, &hi) == SC_OK;
    if (have_range) {
        if (filter->from != SC_MONTH_NONE && filter->from > lo)
            lo = filter->from;
        if (filter->to != SC_MONTH_NONE && filter->to < hi)
            hi = filter->to;
        have_range = lo <= hi;
    }

    size_t ngroups = 0;
    switch (by) {
    case SC_GROUP_MONTH:
        ngroups = have_range ? (size_t)(hi - lo) + 1 : 0;
        break;
    case SC_GROUP_BOROUGH:
        ngroups = c->boroughs.count;
        break;
    case SC_GROUP_WARD:
        ngroups = c->area_keys.count;
        break;
    case SC_GROUP_CATEGORY:
        ngroups = c->cat_keys.count;
        break;
    }
    size_t nk = c->cat_keys.count;
    uint64_t *acc = calloc(ngroups ? ngroups : 1, sizeof *acc);
    unsigned char *match = malloc(nk ? nk : 1);
    sc_totals *t = calloc(1, sizeof *t);
    int rc = SC_ENOMEM;
    if (!acc || !match || !t)
        goto fail;
    t->by = by;

    size_t flen = filter->category ? strlen(filter->category) : 0;
    for (size_t i = 0; i < nk; i++) {
        const category *k = &c->cats[i];
        match[i] = !filter->category ||
                   sci_ascii_caseeq(k->minor, k->minor_len, filter->category, flen) ||
                   sci_ascii_caseeq(k->major, k->major_len, filter->category, flen);
    }

    rc = SC_OK;
    for (size_t i = 0; have_range && i < c->nseries && rc == SC_OK; i++) {
        const series *s = &c->series[i];
        if (!match[s->cat])
            continue;
        size_t g = 0;
        if (by == SC_GROUP_BOROUGH)
            g = c->areas[s->area].borough_id;
        else if (by == SC_GROUP_WARD)
            g = s->area;
        else if (by == SC_GROUP_CATEGORY)
            g = s->cat;
        for (uint32_t b = 0; b < s->nblocks && rc == SC_OK; b++) {
            for (int k = 0; k < 12 && rc == SC_OK; k++) {
                sc_month m = (sc_month)(s->blocks[b].year * 12 + k);
                uint64_t v = s->blocks[b].v[k];
                if (v == 0 || m < lo || m > hi)
                    continue;
                rc = add_checked(&acc[by == SC_GROUP_MONTH ? (size_t)(m - lo) : g], v);
            }
        }
    }
    if (rc != SC_OK) {
        rc = sci_error(err, rc, NULL, 0, 0, "total would exceed 18446744073709551615");
        goto fail_quiet;
    }

    /* rows and the text they need */
    size_t nrows = 0, bytes = 0;
    for (size_t g = 0; g < ngroups; g++) {
        if (by == SC_GROUP_MONTH) {
            if (!sc_counts_covers(c, lo + (sc_month)g))
                continue;
        } else if (acc[g] == 0) {
            continue;
        }
        nrows++;
        if (by == SC_GROUP_BOROUGH)
            bytes += c->boroughs.items[g].len + 1;
        else if (by == SC_GROUP_WARD)
            bytes += c->area_keys.items[g].len + 1; /* three texts and their NULs */
        else if (by == SC_GROUP_CATEGORY)
            bytes += c->cat_keys.items[g].len + 1;
        if (add_checked(&t->sum, acc[g]) != SC_OK) {
            rc = sci_error(err, SC_EOVERFLOW, NULL, 0, 0,
                           "sum of totals would exceed 18446744073709551615");
            goto fail_quiet;
        }
    }
    t->rows = calloc(nrows ? nrows : 1, sizeof *t->rows);
    t->pool = malloc(bytes ? bytes : 1);
    if (!t->rows || !t->pool) {
        rc = SC_ENOMEM;
        goto fail;
    }
    char *pool = t->pool;
    for (size_t g = 0; g < ngroups; g++) {
        sc_cell *r = &t->rows[t->n];
        if (by == SC_GROUP_MONTH) {
            if (!sc_counts_covers(c, lo + (sc_month)g))
                continue;
        } else if (acc[g] == 0) {
            continue;
        }
        r->month = SC_MONTH_NONE;
        r->count = acc[g];
        if (by == SC_GROUP_MONTH) {
            r->month = lo + (sc_month)g;
        } else if (by == SC_GROUP_BOROUGH) {
            r->borough = keep(&pool, c->boroughs.items[g].text, c->boroughs.items[g].len);
        } else if (by == SC_GROUP_WARD) {
            const area *a = &c->areas[g];
            r->ward_code = keep(&pool, a->code, a->code_len);
            r->ward_name = keep(&pool, a->name, a->name_len);
            r->borough = keep(&pool, a->borough, a->borough_len);
        } else {
            const category *k = &c->cats[g];
            r->major = keep(&pool, k->major, k->major_len);
            r->minor = keep(&pool, k->minor, k->minor_len);
        }
        t->n++;
    }
    if (by != SC_GROUP_MONTH)
        qsort(t->rows, t->n, sizeof *t->rows, cmp_row);
    free(acc);
    free(match);
    *out = t;
    return SC_OK;

fail:
    rc = sci_error(err, rc, NULL, 0, 0, "%s", sc_strerror(rc));
fail_quiet:
    free(acc);
    free(match);
    sc_totals_free(t);
    return rc;
}

void sc_totals_free(sc_totals *t)
{
    if (!t)
        return;
    free(t->rows);
    free(t->pool);
    free(t);
}

size_t sc_totals_size(const sc_totals *t)
{
    return t ? t->n : 0;
}

const sc_cell *sc_totals_get(const sc_totals *t, size_t i)
{
    return t && i < t->n ? &t->rows[i] : NULL;
}

uint64_t sc_totals_sum(const sc_totals *t)
{
    return t ? t->sum : 0;
}

sc_group sc_totals_group(const sc_totals *t)
{
    return t ? t->by : SC_GROUP_MONTH;
}
