/*
 * intern.c - interned strings and a small 64-bit-key hash index, used by the count tables.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "sc_internal.h"

#define SCI_FNV_OFFSET UINT64_C(0xcbf29ce484222325)
#define SCI_FNV_PRIME UINT64_C(0x100000001b3)

/* Mixes the FNV result so that the high and low halves both vary (splitmix64 finaliser). */
static uint64_t mix(uint64_t h)
{
    h ^= h >> 30;
    h *= UINT64_C(0xbf58476d1ce4e5b9);
    h ^= h >> 27;
    h *= UINT64_C(0x94d049bb133111eb);
    h ^= h >> 31;
    return h;
}

/* ASCII-folds the eight bytes of w at once: each byte 'A'..'Z' gets 0x20 added; bytes >= 0x80
 * and all others stay as they are (SWAR: a byte's high bit marks it in each step). */
static uint64_t fold8(uint64_t w)
{
    const uint64_t hi = UINT64_C(0x8080808080808080);
    uint64_t a = w & ~hi;                               /* low seven bits of each byte */
    uint64_t ge_a = a + UINT64_C(0x3f3f3f3f3f3f3f3f);   /* high bit: byte >= 'A' (0x41) */
    uint64_t gt_z = a + UINT64_C(0x2525252525252525);   /* high bit: byte >= '[' (0x5b) */
    uint64_t upper = ge_a & ~gt_z & ~w & hi;            /* ... and below 0x80 */
    return w | (upper >> 2);
}

/* Hashes a key eight bytes at a time (each part's length goes in too, so the separators need
 * no bytes of their own); the secret seed starts and ends it. Equal keys (folded when fold is
 * set) hash equal; the keys are compared in full after any match. */
static uint64_t hash_parts(const sci_part *parts, int n, int fold, uint64_t seed)
{
    uint64_t h = SCI_FNV_OFFSET ^ seed;
    for (int i = 0; i < n; i++) {
        const unsigned char *p = (const unsigned char *)parts[i].p;
        size_t len = parts[i].len;
        h = (h ^ (uint64_t)len) * SCI_FNV_PRIME;
        while (len >= 8) {
            uint64_t w;
            memcpy(&w, p, 8);
            if (fold)
                w = fold8(w);
            h = (h ^ w) * UINT64_C(0x9fb21c651e98df25);
            h ^= h >> 29;
            p += 8;
            len -= 8;
        }
        if (len) {
            uint64_t w = 0;
            memcpy(&w, p, len);
            if (fold)
                w = fold8(w);
            h = (h ^ w) * UINT64_C(0x9fb21c651e98df25);
            h ^= h >> 29;
        }
    }
    return mix(h ^ seed);
}

uint64_t sci_hash_bytes(const char *p, size_t len, uint64_t seed)
{
    sci_part part = { p, len };
    return hash_parts(&part, 1, 0, seed);
}

uint64_t sci_random_seed(const void *salt)
{
    uint64_t seed;
    if (sodium_init() >= 0)
        randombytes_buf(&seed, sizeof seed);
    else
        seed = ((uint64_t)(uintptr_t)salt ^ ((uint64_t)clock() << 32) ^ (uint64_t)time(NULL)) *
               UINT64_C(0x9e3779b97f4a7c15);
    return seed;
}

static int parts_equal(const sci_str *s, const sci_part *parts, int n, int fold)
{
    size_t pos = 0;
    for (int i = 0; i < n; i++) {
        if (i > 0) {
            if (pos >= s->len || s->text[pos] != '\0')
                return 0;
            pos++;
        }
        if (s->len - pos < parts[i].len)
            return 0;
        if (fold) {
            if (!sci_ascii_caseeq(s->text + pos, parts[i].len, parts[i].p, parts[i].len))
                return 0;
        } else if (parts[i].len && memcmp(s->text + pos, parts[i].p, parts[i].len) != 0) {
            return 0;
        }
        pos += parts[i].len;
    }
    return pos == s->len;
}

void sci_strtab_init(sci_strtab *t, int fold, uint64_t seed)
{
    memset(t, 0, sizeof *t);
    t->fold = fold;
    t->seed = seed;
}

void sci_strtab_clear(sci_strtab *t)
{
    for (size_t i = 0; i < t->count; i++)
        free(t->items[i].text);
    free(t->items);
    free(t->slots);
    sci_strtab_init(t, t->fold, t->seed);
}

int sci_strtab_find(const sci_strtab *t, const sci_part *parts, int n, uint32_t *id)
{
    if (t->nslots == 0)
        return 0;
    uint64_t h = hash_parts(parts, n, t->fold, t->seed);
    uint64_t tag = h >> 32;
    size_t mask = t->nslots - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        uint64_t slot = t->slots[i];
        if (slot == 0)
            return 0;
        if ((slot >> 32) == tag) {
            uint32_t cand = (uint32_t)(slot & 0xffffffffu) - 1;
            if (parts_equal(&t->items[cand], parts, n, t->fold)) {
                *id = cand;
                return 1;
            }
        }
    }
}

static void place(uint64_t *slots, size_t nslots, uint64_t h, uint32_t id)
{
    size_t mask = nslots - 1;
    size_t i = (size_t)h & mask;
    while (slots[i] != 0)
        i = (i + 1) & mask;
    slots[i] = ((h >> 32) << 32) | ((uint64_t)id + 1);
}

static int strtab_grow(sci_strtab *t)
{
    /* keep the load factor at or below 1/2 */
    if ((t->count + 1) * 2 > t->nslots) {
        size_t nslots = t->nslots ? t->nslots * 2 : 64;
        uint64_t *slots = calloc(nslots, sizeof *slots);
        if (!slots)
            return SC_ENOMEM;
        for (size_t i = 0; i < t->count; i++)
            place(slots, nslots, t->items[i].hash, (uint32_t)i);
        free(t->slots);
        t->slots = slots;
        t->nslots = nslots;
    }
    if (t->count == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 32;
        sci_str *items = realloc(t->items, cap * sizeof *items);
        if (!items)
            return SC_ENOMEM;
        t->items = items;
        t->cap = cap;
    }
    return SC_OK;
}

int sci_strtab_intern(sci_strtab *t, const sci_part *parts, int n, uint32_t *id)
{
    if (sci_strtab_find(t, parts, n, id))
        return SC_OK;
    if (t->count >= (size_t)INT32_MAX)
        return SC_ELIMIT;
    int rc = strtab_grow(t);
    if (rc != SC_OK)
        return rc;
    size_t len = 0;
    for (int i = 0; i < n; i++)
        len += parts[i].len + (i > 0);
    char *text = malloc(len + 1);
    if (!text)
        return SC_ENOMEM;
    size_t pos = 0;
    for (int i = 0; i < n; i++) {
        if (i > 0)
            text[pos++] = '\0';
        if (parts[i].len)
            memcpy(text + pos, parts[i].p, parts[i].len);
        pos += parts[i].len;
    }
    text[len] = '\0';
    uint32_t new_id = (uint32_t)t->count;
    uint64_t h = hash_parts(parts, n, t->fold, t->seed);
    t->items[t->count].text = text;
    t->items[t->count].len = len;
    t->items[t->count].hash = h;
    t->count++;
    place(t->slots, t->nslots, h, new_id);
    *id = new_id;
    return SC_OK;
}

/* ---- 64-bit key index ---- */

void sci_keyidx_init(sci_keyidx *x, uint64_t seed)
{
    memset(x, 0, sizeof *x);
    x->seed = seed;
}

void sci_keyidx_clear(sci_keyidx *x)
{
    free(x->slots);
    sci_keyidx_init(x, x->seed);
}

int sci_keyidx_find(const sci_keyidx *x, uint64_t key, uint32_t *id)
{
    if (x->nslots == 0)
        return 0;
    size_t mask = x->nslots - 1;
    for (size_t i = (size_t)mix(key ^ x->seed) & mask;; i = (i + 1) & mask) {
        const sci_keyslot *s = &x->slots[i];
        if (s->id1 == 0)
            return 0;
        if (s->key == key) {
            *id = s->id1 - 1;
            return 1;
        }
    }
}

static void keyidx_place(sci_keyslot *slots, size_t nslots, uint64_t seed, uint64_t key,
                         uint32_t id1)
{
    size_t mask = nslots - 1;
    size_t i = (size_t)mix(key ^ seed) & mask;
    while (slots[i].id1 != 0)
        i = (i + 1) & mask;
    slots[i].key = key;
    slots[i].id1 = id1;
}

int sci_keyidx_reserve(sci_keyidx *x)
{
    if ((x->count + 1) * 2 <= x->nslots)
        return SC_OK;
    size_t nslots = x->nslots ? x->nslots * 2 : 64;
    sci_keyslot *slots = calloc(nslots, sizeof *slots);
    if (!slots)
        return SC_ENOMEM;
    for (size_t i = 0; i < x->nslots; i++)
        if (x->slots[i].id1 != 0)
            keyidx_place(slots, nslots, x->seed, x->slots[i].key, x->slots[i].id1);
    free(x->slots);
    x->slots = slots;
    x->nslots = nslots;
    return SC_OK;
}

void sci_keyidx_put(sci_keyidx *x, uint64_t key, uint32_t id)
{
    keyidx_place(x->slots, x->nslots, x->seed, key, id + 1);
    x->count++;
}

int sci_grow(void **items, size_t *cap, size_t count, size_t size)
{
    if (count < *cap)
        return SC_OK;
    size_t n = *cap ? *cap : 4;
    if (n > SIZE_MAX / 2 / size)
        return SC_ENOMEM;
    n *= 2;
    void *p = realloc(*items, n * size);
    if (!p)
        return SC_ENOMEM;
    *items = p;
    *cap = n;
    return SC_OK;
}
