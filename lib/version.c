/*
 * version.c - run-time version of the library.
 */
#include <config.h>

#include "sc_internal.h"

const char *sc_version(void)
{
    return SC_VERSION_STRING;
}

unsigned long sc_version_hex(void)
{
    return (unsigned long)SC_VERSION_HEX;
}
