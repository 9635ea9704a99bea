/*
 * evidence.c - evidence items, their SHA-256 digests and custody logs (evidence.h).
 */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "model_internal.h"

static const char *const text_names[SC_EVIDENCE_TEXT_COUNT] = {
    "platform", "description", "media_type", "uri"
};
static const char *const time_names[SC_EVIDENCE_TIME_COUNT] = { "occurred_at", "captured_at" };

int sc_evidence_new(sc_evidence **out, const char *id, sc_error *err)
{
    if (!out)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "NULL argument to sc_evidence_new");
    *out = NULL;
    sc_evidence *e = calloc(1, sizeof *e);
    if (!e)
        return sci_error(err, SC_ENOMEM, NULL, 0, 0, "out of memory");
    int rc = sci_text_dup(&e->id, id, 1, "evidence id", err);
    if (rc != SC_OK) {
        free(e);
        return rc;
    }
    *out = e;
    return SC_OK;
}

static void free_custody(sc_custody *c)
{
    sci_text_free((char *)c->actor);
    sci_text_free((char *)c->action);
    sci_text_free((char *)c->note);
}

void sci_evidence_destroy(sc_evidence *e)
{
    if (!e)
        return;
    sci_text_free(e->id);
    for (int i = 0; i < SC_EVIDENCE_TEXT_COUNT; i++)
        sci_text_free(e->text[i]);
    for (size_t i = 0; i < e->ncustody; i++)
        free_custody(&e->custody[i]);
    free(e->custody);
    sodium_memzero(e, sizeof *e);
    free(e);
}

void sc_evidence_free(sc_evidence *e)
{
    if (e && !e->owned)
        sci_evidence_destroy(e);
}

const char *sc_evidence_id(const sc_evidence *e)
{
    return e ? e->id : NULL;
}

int sc_evidence_set_kind(sc_evidence *e, sc_evidence_kind kind)
{
    if (!e || (int)kind < 0 || (int)kind >= SC_EVIDENCE_KIND_COUNT)
        return SC_EINVAL;
    e->kind = kind;
    return SC_OK;
}

sc_evidence_kind sc_evidence_get_kind(const sc_evidence *e)
{
    return e ? e->kind : SC_EVIDENCE_KIND_NONE;
}

int sc_evidence_set_text(sc_evidence *e, sc_evidence_text field, const char *text, sc_error *err)
{
    if (!e || (int)field < 0 || (int)field >= SC_EVIDENCE_TEXT_COUNT)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "invalid argument to sc_evidence_set_text");
    return sci_text_set(&e->text[field], text, text_names[field], err);
}

const char *sc_evidence_get_text(const sc_evidence *e, sc_evidence_text field)
{
    if (!e || (int)field < 0 || (int)field >= SC_EVIDENCE_TEXT_COUNT)
        return NULL;
    return e->text[field];
}

int sc_evidence_set_time(sc_evidence *e, sc_evidence_time field, const sc_time *t, sc_error *err)
{
    if (!e || (int)field < 0 || (int)field >= SC_EVIDENCE_TIME_COUNT)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "invalid argument to sc_evidence_set_time");
    if (!t || t->kind == SC_TIME_NONE) {
        e->time[field] = (sc_time)SC_TIME_INIT;
        return SC_OK;
    }
    if (t->kind != SC_TIME_DATETIME || !sc_time_valid(t))
        return sci_error(err, SC_EDATA, NULL, 0, 0,
                         "evidence \"%s\": %s needs a valid timestamp with UTC offset", e->id,
                         time_names[field]);
    e->time[field] = *t;
    return SC_OK;
}

sc_time sc_evidence_get_time(const sc_evidence *e, sc_evidence_time field)
{
    sc_time none = SC_TIME_INIT;
    if (!e || (int)field < 0 || (int)field >= SC_EVIDENCE_TIME_COUNT)
        return none;
    return e->time[field];
}

/* ------------------------------------------------------------------ digests */

static void hash_buffer(uint8_t *digest, const void *data, size_t len)
{
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    if (len > 0)
        crypto_hash_sha256_update(&st, data, len);
    crypto_hash_sha256_final(&st, digest);
}

/* Streams a file through SHA-256 in 64 KiB pieces. */
static int hash_file(uint8_t *digest, uint64_t *size, const char *path, sc_error *err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        int e = errno;
        return sci_error_errno(err, e, path, "cannot open: %s", strerror(e));
    }
    unsigned char *buf = malloc(65536);
    if (!buf) {
        fclose(fp);
        return sci_error(err, SC_ENOMEM, path, 0, 0, "out of memory");
    }
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    uint64_t total = 0;
    size_t n;
    while ((n = fread(buf, 1, 65536, fp)) > 0) {
        crypto_hash_sha256_update(&st, buf, n);
        total += n;
    }
    int failed = ferror(fp);
    int e = errno;
    free(buf);
    fclose(fp);
    if (failed)
        return sci_error_errno(err, e, path, "read error: %s", strerror(e));
    crypto_hash_sha256_final(&st, digest);
    *size = total;
    return SC_OK;
}

int sc_evidence_digest_buffer(sc_evidence *e, const void *data, size_t len)
{
    if (!e || (!data && len > 0))
        return SC_EINVAL;
    hash_buffer(e->digest, data, len);
    e->size = (uint64_t)len;
    e->has_digest = 1;
    return SC_OK;
}

int sc_evidence_digest_file(sc_evidence *e, const char *path, sc_error *err)
{
    if (!e || !path)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "NULL argument to sc_evidence_digest_file");
    uint8_t digest[SC_SHA256_SIZE];
    uint64_t size;
    int rc = hash_file(digest, &size, path, err);
    if (rc != SC_OK)
        return rc;
    memcpy(e->digest, digest, sizeof digest);
    e->size = size;
    e->has_digest = 1;
    return SC_OK;
}

int sc_evidence_set_digest(sc_evidence *e, const uint8_t *sha256, uint64_t size)
{
    if (!e)
        return SC_EINVAL;
    if (!sha256) {
        memset(e->digest, 0, sizeof e->digest);
        e->size = 0;
        e->has_digest = 0;
        return SC_OK;
    }
    memcpy(e->digest, sha256, SC_SHA256_SIZE);
    e->size = size;
    e->has_digest = 1;
    return SC_OK;
}

int sc_evidence_digest(const sc_evidence *e, uint8_t *sha256, uint64_t *size)
{
    int have = e && e->has_digest;
    if (sha256) {
        if (have)
            memcpy(sha256, e->digest, SC_SHA256_SIZE);
        else
            memset(sha256, 0, SC_SHA256_SIZE);
    }
    if (size)
        *size = have ? e->size : 0;
    return !e ? SC_EINVAL : have ? SC_OK : SC_ENOTFOUND;
}

/* Compares a recomputed digest and size with the recorded ones. */
static int compare(const sc_evidence *e, const uint8_t *digest, uint64_t size, const char *source,
                   sc_error *err)
{
    if (size != e->size)
        return sci_error(err, SC_EDATA, source, 0, 0,
                         "evidence \"%s\": content has %llu bytes, %llu recorded: altered",
                         e->id, (unsigned long long)size, (unsigned long long)e->size);
    if (sodium_memcmp(digest, e->digest, SC_SHA256_SIZE) != 0)
        return sci_error(err, SC_EDATA, source, 0, 0,
                         "evidence \"%s\": SHA-256 of the content differs from the one recorded: "
                         "altered", e->id);
    return SC_OK;
}

int sc_evidence_verify(const sc_evidence *e, const char *path, sc_error *err)
{
    if (!e || !path)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "NULL argument to sc_evidence_verify");
    if (!e->has_digest)
        return sci_error(err, SC_ENOTFOUND, path, 0, 0, "evidence \"%s\" has no digest", e->id);
    uint8_t digest[SC_SHA256_SIZE];
    uint64_t size;
    int rc = hash_file(digest, &size, path, err);
    return rc != SC_OK ? rc : compare(e, digest, size, path, err);
}

int sc_evidence_verify_buffer(const sc_evidence *e, const void *data, size_t len, sc_error *err)
{
    if (!e || (!data && len > 0))
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "invalid argument to "
                         "sc_evidence_verify_buffer");
    if (!e->has_digest)
        return sci_error(err, SC_ENOTFOUND, NULL, 0, 0, "evidence \"%s\" has no digest", e->id);
    uint8_t digest[SC_SHA256_SIZE];
    hash_buffer(digest, data, len);
    return compare(e, digest, (uint64_t)len, NULL, err);
}

int sc_sha256_to_hex(char *buf, size_t size, const uint8_t *sha256)
{
    static const char hex[] = "0123456789abcdef";
    if (!buf)
        return SC_EINVAL;
    if (!sha256 || size < SC_SHA256_HEX_SIZE) {
        if (size > 0)
            buf[0] = '\0';
        return SC_EINVAL;
    }
    for (int i = 0; i < SC_SHA256_SIZE; i++) {
        buf[2 * i] = hex[sha256[i] >> 4];
        buf[2 * i + 1] = hex[sha256[i] & 15];
    }
    buf[2 * SC_SHA256_SIZE] = '\0';
    return SC_OK;
}

static int hex_value(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    return -1;
}

int sc_sha256_from_hex(uint8_t *out, const char *hex, sc_error *err)
{
    if (!out || !hex)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "NULL argument to sc_sha256_from_hex");
    memset(out, 0, SC_SHA256_SIZE);
    uint8_t d[SC_SHA256_SIZE];
    size_t len = strlen(hex);
    int ok = len == 2 * SC_SHA256_SIZE;
    for (size_t i = 0; ok && i < SC_SHA256_SIZE; i++) {
        int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);
        ok = hi >= 0 && lo >= 0;
        d[i] = (uint8_t)(ok ? hi * 16 + lo : 0);
    }
    if (!ok) {
        char shown[SC_ERROR_TEXT_SIZE / 2];
        return sci_error(err, SC_EDATA, NULL, 0, 0,
                         "\"%s\" is not a SHA-256 digest (64 lower-case hexadecimal digits)",
                         sci_excerpt(shown, sizeof shown, hex, len));
    }
    memcpy(out, d, sizeof d);
    return SC_OK;
}

/* ------------------------------------------------------------------ custody */

int sc_evidence_add_custody(sc_evidence *e, const sc_time *at, const char *actor,
                            const char *action, const char *note, sc_error *err)
{
    if (!e || !at || !actor || !action)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "NULL argument to sc_evidence_add_custody");
    if (at->kind != SC_TIME_DATETIME || !sc_time_valid(at))
        return sci_error(err, SC_EDATA, NULL, 0, 0, "evidence \"%s\": a custody entry needs a "
                         "valid timestamp with UTC offset", e->id);
    sc_custody c = { *at, NULL, NULL, NULL };
    char *a = NULL, *b = NULL, *n = NULL;
    int rc = sci_text_dup(&a, actor, 1, "custody actor", err);
    if (rc == SC_OK)
        rc = sci_text_dup(&b, action, 1, "custody action", err);
    if (rc == SC_OK && note)
        rc = sci_text_dup(&n, note, 0, "custody note", err);
    if (rc == SC_OK && sci_grow((void **)&e->custody, &e->custody_cap, e->ncustody,
                                sizeof *e->custody) != SC_OK)
        rc = sci_error(err, SC_ENOMEM, NULL, 0, 0, "out of memory");
    if (rc != SC_OK) {
        sci_text_free(a);
        sci_text_free(b);
        sci_text_free(n);
        return rc;
    }
    c.actor = a;
    c.action = b;
    c.note = n;
    e->custody[e->ncustody++] = c;
    return SC_OK;
}

size_t sc_evidence_custody_count(const sc_evidence *e)
{
    return e ? e->ncustody : 0;
}

const sc_custody *sc_evidence_custody(const sc_evidence *e, size_t i)
{
    return (e && i < e->ncustody) ? &e->custody[i] : NULL;
}

/* ------------------------------------------------------------------ copies */

int sc_evidence_copy(sc_evidence **out, const sc_evidence *e)
{
    if (!out)
        return SC_EINVAL;
    *out = NULL;
    if (!e)
        return SC_EINVAL;
    sc_evidence *c = calloc(1, sizeof *c);
    if (!c)
        return SC_ENOMEM;
    c->kind = e->kind;
    for (int i = 0; i < SC_EVIDENCE_TIME_COUNT; i++)
        c->time[i] = e->time[i];
    c->has_digest = e->has_digest;
    memcpy(c->digest, e->digest, sizeof c->digest);
    c->size = e->size;
    /* Every piece is allocated into c as it goes; sci_evidence_destroy releases a partial copy
     * (custody entries count only once they are in, each zeroed first). */
    int rc = sci_text_clone(&c->id, e->id);
    for (int i = 0; rc == SC_OK && i < SC_EVIDENCE_TEXT_COUNT; i++)
        rc = sci_text_clone(&c->text[i], e->text[i]);
    if (rc == SC_OK && e->ncustody > 0) {
        c->custody = calloc(e->ncustody, sizeof *c->custody);
        if (!c->custody)
            rc = SC_ENOMEM;
        else
            c->custody_cap = e->ncustody;
    }
    for (size_t i = 0; rc == SC_OK && i < e->ncustody; i++) {
        const sc_custody *from = &e->custody[i];
        sc_custody *to = &c->custody[c->ncustody++];
        char *actor = NULL, *action = NULL, *note = NULL;
        to->at = from->at;
        rc = sci_text_clone(&actor, from->actor);
        to->actor = actor;
        if (rc == SC_OK)
            rc = sci_text_clone(&action, from->action);
        to->action = action;
        if (rc == SC_OK)
            rc = sci_text_clone(&note, from->note);
        to->note = note;
    }
    if (rc != SC_OK) {
        sci_evidence_destroy(c);
        return rc;
    }
    *out = c;
    return SC_OK;
}

int sc_evidence_equal(const sc_evidence *a, const sc_evidence *b)
{
    if (!a || !b)
        return a == b;
    if (strcmp(a->id, b->id) != 0 || a->kind != b->kind || a->has_digest != b->has_digest ||
        a->ncustody != b->ncustody)
        return 0;
    if (a->has_digest && (a->size != b->size || memcmp(a->digest, b->digest, SC_SHA256_SIZE)))
        return 0;
    for (int i = 0; i < SC_EVIDENCE_TEXT_COUNT; i++)
        if (!sci_text_equal(a->text[i], b->text[i]))
            return 0;
    for (int i = 0; i < SC_EVIDENCE_TIME_COUNT; i++)
        if (!sc_time_equal(&a->time[i], &b->time[i]))
            return 0;
    for (size_t i = 0; i < a->ncustody; i++) {
        const sc_custody *x = &a->custody[i], *y = &b->custody[i];
        if (!sc_time_equal(&x->at, &y->at) || strcmp(x->actor, y->actor) != 0 ||
            strcmp(x->action, y->action) != 0 || !sci_text_equal(x->note, y->note))
            return 0;
    }
    return 1;
}
