/*
 * vocab.c - tokens of the model's vocabularies (vocab.h). Index i of each table is the enum
 * value i; entry 0 (..._NONE) has no token.
 */
#include <config.h>

#include <string.h>

#include "sc_internal.h"

static const char *const offence_tokens[SC_OFFENCE_COUNT] = {
    NULL, "harassment", "fear-of-violence", "stalking", "stalking-fear-alarm-distress",
    "malicious-communications", "other"
};
static const char *const offence_labels[SC_OFFENCE_COUNT] = {
    NULL,
    "Harassment (PHA 1997 s.2)",
    "Fear of violence (PHA 1997 s.4)",
    "Stalking (PHA 1997 s.2A)",
    "Stalking with fear of violence or serious alarm or distress (PHA 1997 s.4A)",
    "Malicious communications (MCA 1988)",
    "Other offence"
};
static const char *const relationship_tokens[SC_RELATIONSHIP_COUNT] = {
    NULL, "ex-intimate-partner", "acquaintance", "stranger", "family-member", "work", "unknown"
};
static const char *const typology_tokens[SC_TYPOLOGY_COUNT] = {
    NULL, "rejected", "resentful", "intimacy-seeking", "incompetent-suitor", "predatory"
};
static const char *const kind_tokens[SC_EVIDENCE_KIND_COUNT] = {
    NULL, "text-message", "messaging-app", "email", "social-media", "phone-call",
    "gps-tracker", "spyware", "account-compromise", "impersonation", "image-based-abuse",
    "doxxing", "smart-device", "other"
};
static const char *const risk_tokens[SC_RISK_COUNT] = {
    NULL, "standard", "medium", "high", "unknown"
};
static const char *const channel_tokens[SC_CHANNEL_COUNT] = {
    NULL, "police", "helpline", "advocate", "other"
};
static const char *const tristate_tokens[SC_TRISTATE_COUNT] = {
    NULL, "yes", "no", "unknown"
};

static const char *to_token(const char *const *table, int n, int v)
{
    return (v > 0 && v < n) ? table[v] : NULL;
}

/* Finds token in table[1..n); 0 (and an error) when absent. */
static int from_token(int *out, const char *const *table, int n, const char *token,
                      const char *what, sc_error *err)
{
    *out = 0;
    if (!token)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "NULL %s token", what);
    for (int i = 1; i < n; i++) {
        if (strcmp(table[i], token) == 0) {
            *out = i;
            return SC_OK;
        }
    }
    char shown[SC_ERROR_TEXT_SIZE / 2];
    return sci_error(err, SC_EDATA, NULL, 0, 0, "\"%s\" is not a %s",
                     sci_excerpt(shown, sizeof shown, token, strlen(token)), what);
}

#define SC_VOCAB(type, prefix, table, count, what)                                          \
    const char *prefix##_to_token(type v)                                                   \
    {                                                                                       \
        return to_token(table, count, (int)v);                                              \
    }                                                                                       \
    int prefix##_from_token(type *out, const char *token, sc_error *err)                    \
    {                                                                                       \
        if (!out)                                                                           \
            return sci_error(err, SC_EINVAL, NULL, 0, 0, "NULL argument");                  \
        int v;                                                                              \
        int rc = from_token(&v, table, count, token, what, err);                            \
        *out = (type)v;                                                                     \
        return rc;                                                                          \
    }

SC_VOCAB(sc_offence, sc_offence, offence_tokens, SC_OFFENCE_COUNT, "known offence")
SC_VOCAB(sc_relationship, sc_relationship, relationship_tokens, SC_RELATIONSHIP_COUNT,
         "known relationship")
SC_VOCAB(sc_typology, sc_typology, typology_tokens, SC_TYPOLOGY_COUNT, "known stalker typology")
SC_VOCAB(sc_evidence_kind, sc_evidence_kind, kind_tokens, SC_EVIDENCE_KIND_COUNT,
         "known evidence kind")
SC_VOCAB(sc_risk, sc_risk, risk_tokens, SC_RISK_COUNT, "known risk level")
SC_VOCAB(sc_channel, sc_channel, channel_tokens, SC_CHANNEL_COUNT, "known contact channel")
SC_VOCAB(sc_tristate, sc_tristate, tristate_tokens, SC_TRISTATE_COUNT,
         "yes/no/unknown answer")

const char *sc_offence_label(sc_offence v)
{
    return to_token(offence_labels, SC_OFFENCE_COUNT, (int)v);
}

int sc_evidence_kind_is_digital(sc_evidence_kind v)
{
    return v > SC_EVIDENCE_KIND_NONE && v < SC_EVIDENCE_OTHER;
}
