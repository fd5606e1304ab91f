/*
 * roles_graph: puts the counted role attachments (roles.h) into a built co-occurrence graph.
 *
 * nodes mode (default): each (role, scope) becomes a role node with id "ROLE_ID@SCOPE_ID" and label
 * "ROLE LABEL (SCOPE LABEL)", attributes `role` (the role's id) and `scope` (the scope's id); attachments
 * without a scope use the role's own node (its dictionary id). Each person gets one edge to each of its role
 * nodes. An edge that is also a co-occurrence edge stays one row whose `relation` is
 * "holds_role,cooccurrence"; a new edge has relation "holds_role", count = attachments. Every edge has the
 * int column `attachments` (0 for plain co-occurrence).
 * attributes mode: no role nodes or edges; each person gets a `roles` JSON list
 * [{"role", "label", "scope", "scope_label", "attachments", "documents"}] (scope keys absent when none).
 * In both modes, when at least one role was attached, every edge gets the string column `relation`
 * ("cooccurrence" where nothing else applies); a run without attachments leaves the graph as it was.
 */
#ifndef EG_ROLES_GRAPH_H
#define EG_ROLES_GRAPH_H

#include "graph.h"
#include "roles.h"

typedef enum eg_roles_mode { EG_ROLES_NODES = 0, EG_ROLES_ATTRIBUTES } eg_roles_mode;

/* "nodes" or "attributes" into *mode; else EG_ERR_USAGE with a message naming the choices. */
eg_status eg_roles_parse_mode(const char *name, eg_roles_mode *mode, eg_error *err);

/* Adds a's attachments to g (see above) and sorts g again. People missing from g (pruned) are skipped.
 * Errors: EG_ERR_NOMEM. Time: O((N + E + A) log(N + E + A)) for A attachment triples. */
eg_status eg_roles_to_graph(eg_roles_acc *a, const eg_dict *dict, eg_roles_mode mode, eg_graph *g,
                            eg_error *err);

#endif
