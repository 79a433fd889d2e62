/*
 * The store session of the command driver: how lib/cli.c opens the store
 * for a command and commits or rolls back after it.  Shared by all three
 * programs.
 */
#ifndef RCT_SESSION_H
#define RCT_SESSION_H

#include "cli.h"

extern const struct rct_session_ops rct_store_session;

#endif
