/*
 * victim.c - victims (victim.h).
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "model_internal.h"

static const char *const text_names[SC_VICTIM_TEXT_COUNT] = {
    "name", "contact", "age_band", "gender"
};

int sc_victim_new(sc_victim **out, const char *id, sc_error *err)
{
    if (!out)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "NULL argument to sc_victim_new");
    *out = NULL;
    sc_victim *v = calloc(1, sizeof *v);
    if (!v)
        return sci_error(err, SC_ENOMEM, NULL, 0, 0, "out of memory");
    int rc = sci_text_dup(&v->id, id, 1, "victim id", err);
    if (rc != SC_OK) {
        free(v);
        return rc;
    }
    *out = v;
    return SC_OK;
}

void sci_victim_destroy(sc_victim *v)
{
    if (!v)
        return;
    sci_text_free(v->id);
    for (int i = 0; i < SC_VICTIM_TEXT_COUNT; i++)
        sci_text_free(v->text[i]);
    sodium_memzero(v, sizeof *v);
    free(v);
}

void sc_victim_free(sc_victim *v)
{
    if (v && !v->owned)
        sci_victim_destroy(v);
}

const char *sc_victim_id(const sc_victim *v)
{
    return v ? v->id : NULL;
}

int sc_victim_set_text(sc_victim *v, sc_victim_text field, const char *text, sc_error *err)
{
    if (!v || (int)field < 0 || (int)field >= SC_VICTIM_TEXT_COUNT)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "invalid argument to sc_victim_set_text");
    return sci_text_set(&v->text[field], text, text_names[field], err);
}

const char *sc_victim_get_text(const sc_victim *v, sc_victim_text field)
{
    if (!v || (int)field < 0 || (int)field >= SC_VICTIM_TEXT_COUNT)
        return NULL;
    return v->text[field];
}

int sc_victim_set_channel(sc_victim *v, sc_channel channel)
{
    if (!v || (int)channel < 0 || (int)channel >= SC_CHANNEL_COUNT)
        return SC_EINVAL;
    v->channel = channel;
    return SC_OK;
}

sc_channel sc_victim_channel(const sc_victim *v)
{
    return v ? v->channel : SC_CHANNEL_NONE;
}

int sc_victim_set_first_contact(sc_victim *v, const sc_time *t, sc_error *err)
{
    if (!v)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "NULL argument to "
                         "sc_victim_set_first_contact");
    if (!t || t->kind == SC_TIME_NONE) {
        v->first_contact = (sc_time)SC_TIME_INIT;
        return SC_OK;
    }
    if (!sc_time_valid(t))
        return sci_error(err, SC_EDATA, NULL, 0, 0,
                         "victim \"%s\": first contact needs a valid date or timestamp", v->id);
    v->first_contact = *t;
    return SC_OK;
}

sc_time sc_victim_first_contact(const sc_victim *v)
{
    sc_time none = SC_TIME_INIT;
    return v ? v->first_contact : none;
}

int sc_victim_set_risk(sc_victim *v, sc_risk risk)
{
    if (!v || (int)risk < 0 || (int)risk >= SC_RISK_COUNT)
        return SC_EINVAL;
    v->risk = risk;
    return SC_OK;
}

sc_risk sc_victim_risk(const sc_victim *v)
{
    return v ? v->risk : SC_RISK_NONE;
}

int sc_victim_set_consent(sc_victim *v, sc_tristate consent)
{
    if (!v || (int)consent < 0 || (int)consent >= SC_TRISTATE_COUNT)
        return SC_EINVAL;
    v->consent = consent;
    return SC_OK;
}

sc_tristate sc_victim_consent(const sc_victim *v)
{
    return v ? v->consent : SC_TRISTATE_NONE;
}

int sc_victim_copy(sc_victim **out, const sc_victim *v)
{
    if (!out)
        return SC_EINVAL;
    *out = NULL;
    if (!v)
        return SC_EINVAL;
    sc_victim *c = calloc(1, sizeof *c);
    if (!c)
        return SC_ENOMEM;
    c->channel = v->channel;
    c->first_contact = v->first_contact;
    c->risk = v->risk;
    c->consent = v->consent;
    int rc = sci_text_clone(&c->id, v->id);
    for (int i = 0; rc == SC_OK && i < SC_VICTIM_TEXT_COUNT; i++)
        rc = sci_text_clone(&c->text[i], v->text[i]);
    if (rc != SC_OK) {
        sci_victim_destroy(c);
        return rc;
    }
    *out = c;
    return SC_OK;
}

int sc_victim_equal(const sc_victim *a, const sc_victim *b)
{
    if (!a || !b)
        return a == b;
    if (strcmp(a->id, b->id) != 0 || a->channel != b->channel || a->risk != b->risk ||
        a->consent != b->consent || !sc_time_equal(&a->first_contact, &b->first_contact))
        return 0;
    for (int i = 0; i < SC_VICTIM_TEXT_COUNT; i++)
        if (!sci_text_equal(a->text[i], b->text[i]))
            return 0;
    return 1;
}
