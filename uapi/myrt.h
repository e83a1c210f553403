/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * myrt: the classic IPv4 routing subsystem as a module - netlink API.
 *
 * The generic netlink family MYRT_GENL_NAME ("myrt", version 1) controls
 * myrt's own routing tables, policy rules and route cache in the network
 * namespace of the requesting socket.  It is the module's equivalent of
 * the rtnetlink RTM_*ROUTE / RTM_*RULE messages of a classic kernel; the
 * tool myip(8) speaks it.  Loading: the kernel loads the module on the first
 * request for the family name (MODULE_ALIAS_GENL_FAMILY).
 *
 * Every attribute is listed below with its type.  Addresses are IPv4
 * addresses in network byte order (4 bytes, NLA_BE32 semantics).  Unknown
 * attributes and wrong lengths are rejected (strict validation); every
 * rejection carries an extended ack message.  Commands that change state
 * require CAP_NET_ADMIN in the namespace's user namespace (GENL_UNS_ADMIN_PERM,
 * as rtnetlink checks it): the root of a container manages the routes of
 * the namespaces its user namespace owns, and no others.  Reading needs no
 * privilege, but the hash bucket and genid of cache entries are shown only
 * to the same CAP_NET_ADMIN (see MYRT_RT_A_HASH).
 *
 * MYRT_CMD_ROUTE_NEW (do, admin)
 *   Add or change a route.  MYRT_A_NLFLAGS (u32) selects the classic
 *   insert semantics with the flags RTM_NEWROUTE carried in its netlink
 *   header (generic netlink reserves those bits; absent means add,
 *   NLM_F_CREATE|NLM_F_EXCL):
 *     NLM_F_CREATE|NLM_F_EXCL    add: -EEXIST if a route with the same
 *                                prefix, tos and priority exists
 *     NLM_F_CREATE|NLM_F_REPLACE replace (or create)
 *     NLM_F_REPLACE              change: replace, -ENOENT if absent
 *     NLM_F_CREATE|NLM_F_APPEND  append after the routes of the same group
 *     NLM_F_CREATE               prepend before them
 *   Attributes: MYRT_A_DST + MYRT_A_DST_LEN (the prefix; host bits must be
 *   zero), MYRT_A_TABLE (default main), MYRT_A_TYPE (default unicast),
 *   MYRT_A_SCOPE (default: universe with a gateway, link for a device
 *   route, host for local), MYRT_A_PROTOCOL (default boot), MYRT_A_TOS,
 *   MYRT_A_PRIORITY, MYRT_A_PREFSRC, MYRT_A_GATEWAY, MYRT_A_OIF,
 *   MYRT_A_FLAGS (RTNH_F_ONLINK), MYRT_A_METRICS, MYRT_A_MULTIPATH,
 *   MYRT_A_FLOW (the realms of the nexthop, classic RTA_FLOW: FROM realm in
 *   the high 16 bits, TO realm in the low 16; each MYRT_A_NH may carry its
 *   own MYRT_NH_A_FLOW; with multipath a MYRT_A_FLOW must equal the first
 *   nexthop's, as RTA_OIF and RTA_GATEWAY must).  Two routes whose
 *   nexthops differ only by realm do not share a fib_info.
 *   Type RTN_NAT (2.4 static NAT, destination mapping): exactly one
 *   MYRT_A_GATEWAY, the address the prefix maps to ((daddr & ~mask) |
 *   gateway); no MYRT_A_OIF, MYRT_A_MULTIPATH or MYRT_A_PREFSRC; the
 *   gateway must be unicast with no bits in the host part of the prefix;
 *   scope host (the default).  `myip route add nat` puts it in the local
 *   table, where it also makes the address of type NAT for the source
 *   mapping of nat rules.
 *
 * MYRT_CMD_ROUTE_DEL (do, admin)
 *   Delete the first route that matches: prefix and tos always; type,
 *   scope (unless RT_SCOPE_NOWHERE), protocol, priority, gateway, oif and
 *   multipath elements when given (with their MYRT_NH_A_FLOW, as classic
 *   fib_nh_match compared RTA_FLOW per nexthop).  -ESRCH when nothing
 *   matches.
 *
 * MYRT_CMD_ROUTE_GET (do: lookup; dump: routes)
 *   do: route one packet as the kernel would, through the route cache:
 *   MYRT_A_DST (required), MYRT_A_SRC, MYRT_A_IIF (input route: a packet
 *   arriving on that device), MYRT_A_OIF, MYRT_A_TOS, MYRT_A_MARK,
 *   MYRT_A_EXPLAIN (flag: return the step-by-step trace of the lookup),
 *   MYRT_A_FIBMATCH (flag: do only the policy routing lookup, bypassing
 *   the cache, and reply with the matching FIB route as a dump message of
 *   the table it was found in; MYRT_A_IIF then only selects rules).
 *   The reply carries MYRT_A_CACHE (one MYRT_RT_A_* nest: the cache entry
 *   used) or, when the lookup failed and MYRT_A_EXPLAIN was given,
 *   MYRT_A_ERROR; with MYRT_A_EXPLAIN also MYRT_A_EXPLAIN_TEXT.  Without
 *   MYRT_A_EXPLAIN a failed lookup is the request's error (-ENETUNREACH,
 *   -EHOSTUNREACH, -EACCES, -EINVAL ...).
 *   dump: every route of MYRT_A_TABLE (all tables when absent), one message
 *   per route with the attributes of MYRT_CMD_ROUTE_NEW plus
 *   MYRT_A_FLAGS (RTNH_F_DEAD when the route is dead).
 *
 * MYRT_CMD_RULE_NEW (do, admin), MYRT_CMD_RULE_DEL (do, admin),
 * MYRT_CMD_RULE_GET (dump)
 *   Policy rules: MYRT_A_RULE_PREF (add: default is the preference of the
 *   second rule minus one), MYRT_A_RULE_ACTION (FR_ACT_*), MYRT_A_TABLE,
 *   MYRT_A_RULE_GOTO, MYRT_A_SRC + MYRT_A_SRC_LEN, MYRT_A_DST +
 *   MYRT_A_DST_LEN, MYRT_A_TOS, MYRT_A_MARK, MYRT_A_MARK_MASK,
 *   MYRT_A_IIFNAME, MYRT_A_OIFNAME, MYRT_A_RULE_FLAGS (FIB_RULE_INVERT),
 *   MYRT_A_FLOW (the rule's realms, classic FRA_FLOW: they tag the cache
 *   entries of the lookups the rule matches, see MYRT_RT_A_FLOW).
 *   Delete removes the first rule matching every given attribute
 *   (-ENOENT when none does).
 *   The 2.4 static NAT rule: action MYRT_FR_ACT_NAT with the map address
 *   in MYRT_A_GATEWAY (absent: 0, "masquerade").  It looks up its table
 *   like a table rule and maps the source of the packets it matches:
 *   (saddr & ~srcmask) | map.  The map must be a unicast address with no
 *   bits inside the host part of the "from" prefix; MYRT_A_GATEWAY with
 *   any other action is rejected.
 *
 * MYRT_CMD_CACHE_GET (dump)
 *   Every current route cache entry of the namespace, one MYRT_A_CACHE
 *   nest per message.
 *
 * MYRT_CMD_FIB_GET (dump)
 *   The structure of MYRT_A_TABLE (all tables when absent), read under
 *   RCU: per non-empty zone, longest prefix first, a zone message, then
 *   one message per alias of its first MYRT_A_DUMP_LIMIT nodes (default
 *   64, 0: every node) in bucket order; see enum myrt_struct_attr.  A zone
 *   with more nodes says MYRT_ST_A_ZONE_SAMPLED.  When a table changes
 *   during a dump, the messages after the change carry NLM_F_DUMP_INTR.
 *   With MYRT_A_STALE the cache dump also lists stale entries.
 *
 * MYRT_CMD_CACHE_FLUSH (do, admin)
 *   Invalidate and free every cache entry of the namespace.
 *
 * Notifications: the multicast group MYRT_MCGRP_NOTIFY ("notify") gets
 * MYRT_CMD_ROUTE_NEW / _DEL, MYRT_CMD_RULE_NEW / _DEL with the attributes
 * of a dump, and MYRT_CMD_CACHE_FLUSH when the cache is flushed by request.
 */
#ifndef _UAPI_MYRT_H
#define _UAPI_MYRT_H

#define MYRT_GENL_NAME		"myrt"
#define MYRT_GENL_VERSION	1
#define MYRT_MCGRP_NOTIFY	"notify"

enum myrt_cmd {
	MYRT_CMD_UNSPEC,
	MYRT_CMD_ROUTE_NEW,
	MYRT_CMD_ROUTE_DEL,
	MYRT_CMD_ROUTE_GET,
	MYRT_CMD_RULE_NEW,
	MYRT_CMD_RULE_DEL,
	MYRT_CMD_RULE_GET,
	MYRT_CMD_CACHE_GET,
	MYRT_CMD_CACHE_FLUSH,
	MYRT_CMD_FIB_GET,
	__MYRT_CMD_MAX
};

#define MYRT_CMD_MAX (__MYRT_CMD_MAX - 1)

/*
 * Rule action of the 2.4 static NAT rule (`myip rule add ... nat ADDR`):
 * the value of RTN_NAT, the rtm_type 2.4 carried it in.
 */
#define MYRT_FR_ACT_NAT		10

enum myrt_attr {
	MYRT_A_UNSPEC,
	MYRT_A_TABLE,		/* u32: table id 1..255 (default main, 254) */
	MYRT_A_DST,		/* be32: destination / rule "to" */
	MYRT_A_DST_LEN,		/* u8: prefix length 0..32 */
	MYRT_A_SRC,		/* be32: route get "from" / rule "from" */
	MYRT_A_SRC_LEN,		/* u8: rule "from" prefix length */
	MYRT_A_TOS,		/* u8: tos */
	MYRT_A_PROTOCOL,	/* u8: RTPROT_* */
	MYRT_A_SCOPE,		/* u8: RT_SCOPE_* */
	MYRT_A_TYPE,		/* u8: RTN_* */
	MYRT_A_GATEWAY,		/* be32: gateway */
	MYRT_A_OIF,		/* u32: output ifindex */
	MYRT_A_IIF,		/* u32: input ifindex (route get) */
	MYRT_A_PRIORITY,	/* u32: metric */
	MYRT_A_PREFSRC,		/* be32: preferred source */
	MYRT_A_FLAGS,		/* u32: RTNH_F_* */
	MYRT_A_METRICS,		/* nest: RTAX_* -> u32 */
	MYRT_A_MULTIPATH,	/* nest: MYRT_A_NH nests */
	MYRT_A_MARK,		/* u32: fwmark */
	MYRT_A_MARK_MASK,	/* u32: fwmark mask (rules) */
	MYRT_A_EXPLAIN,		/* flag: trace the lookup (route get) */
	MYRT_A_EXPLAIN_TEXT,	/* string: the trace (reply) */
	MYRT_A_ERROR,		/* s32: negative errno of a failed lookup */
	MYRT_A_CACHE,		/* nest: MYRT_RT_A_* (one cache entry) */
	MYRT_A_IIFNAME,		/* string: rule iif */
	MYRT_A_OIFNAME,		/* string: rule oif */
	MYRT_A_RULE_PREF,	/* u32: rule preference */
	MYRT_A_RULE_ACTION,	/* u8: FR_ACT_* */
	MYRT_A_RULE_GOTO,	/* u32: goto target preference */
	MYRT_A_RULE_FLAGS,	/* u32: FIB_RULE_INVERT (dump: also
				 * FIB_RULE_IIF_DETACHED, _OIF_DETACHED,
				 * FIB_RULE_UNRESOLVED)
				 */
	MYRT_A_NH,		/* nest: MYRT_NH_A_* (in MYRT_A_MULTIPATH) */
	MYRT_A_FIBMATCH,	/* flag: route get returns the FIB route */
	MYRT_A_NLFLAGS,		/* u32: NLM_F_CREATE/_EXCL/_REPLACE/_APPEND
				 * of a route add (netlink header flags are
				 * reserved in generic netlink)
				 */
	MYRT_A_DUMP_LIMIT,	/* u32: fib dump: nodes per zone (0: all) */
	MYRT_A_STRUCT,		/* nest: MYRT_ST_A_* (fib dump, fibmatch) */
	MYRT_A_STALE,		/* flag: cache dump includes stale entries */
	MYRT_A_FLOW,		/* u32: realms (classic RTA_FLOW / FRA_FLOW):
				 * FROM realm << 16 | TO realm
				 */
	__MYRT_A_MAX
};

#define MYRT_A_MAX (__MYRT_A_MAX - 1)

/* One nexthop of a multipath route. */
enum myrt_nh_attr {
	MYRT_NH_A_UNSPEC,
	MYRT_NH_A_GATEWAY,	/* be32 */
	MYRT_NH_A_OIF,		/* u32 */
	MYRT_NH_A_WEIGHT,	/* u32: 1..256 (classic hops + 1) */
	MYRT_NH_A_FLAGS,	/* u32: RTNH_F_ONLINK (dump: RTNH_F_DEAD) */
	MYRT_NH_A_FLOW,		/* u32: the nexthop's realms (RTA_FLOW) */
	__MYRT_NH_A_MAX
};

#define MYRT_NH_A_MAX (__MYRT_NH_A_MAX - 1)

/*
 * One route cache entry: every field of the classic rtable.
 * MYRT_RT_A_FLOW, the realms of the entry (classic dst.tclassid), as
 * classic rt_set_nexthop made them: the nexthop's realms, then the halves
 * still 0 from the matching rule's realms, then (input entries) from the
 * reverse path check's tag (fib_validate_source: the FROM realm is the TO
 * realm of the route back to the source).  Local input entries get that
 * tag alone.  Per-realm counters of received packets: /proc/net/myrt_acct
 * (classic /proc/net/rt_acct).
 */
enum myrt_rt_attr {
	MYRT_RT_A_UNSPEC,
	MYRT_RT_A_KEY_DST,	/* be32: key daddr */
	MYRT_RT_A_KEY_SRC,	/* be32: key saddr (0 if none) */
	MYRT_RT_A_KEY_IIF,	/* u32: key iif (input entries) */
	MYRT_RT_A_KEY_OIF,	/* u32: key oif (output entries) */
	MYRT_RT_A_KEY_TOS,	/* u8 */
	MYRT_RT_A_KEY_MARK,	/* u32 */
	MYRT_RT_A_DEV,		/* u32: dst.dev ifindex */
	MYRT_RT_A_DEV_NAME,	/* string: dst.dev name */
	MYRT_RT_A_ERROR,	/* s32: dst.error */
	MYRT_RT_A_OBSOLETE,	/* s32: dst.obsolete */
	MYRT_RT_A_DST_FLAGS,	/* u32: classic dst flags (DST_HOST 1) */
	MYRT_RT_A_EXPIRES,	/* s32: ms until expiry, 0: never */
	MYRT_RT_A_HEADER_LEN,	/* u32: dst.header_len */
	MYRT_RT_A_REFCNT,	/* s32: references held by users */
	MYRT_RT_A_USE,		/* u32: dst.__use */
	MYRT_RT_A_LASTUSE,	/* u32: ms since last use */
	MYRT_RT_A_RT_FLAGS,	/* u32: RTCF_* */
	MYRT_RT_A_RT_TYPE,	/* u8: RTN_* */
	MYRT_RT_A_RT_DST,	/* be32 */
	MYRT_RT_A_RT_SRC,	/* be32 */
	MYRT_RT_A_RT_IIF,	/* u32 */
	MYRT_RT_A_RT_GATEWAY,	/* be32 */
	MYRT_RT_A_RT_SPEC_DST,	/* be32 */
	MYRT_RT_A_MTU,		/* u32: path mtu */
	MYRT_RT_A_METRICS,	/* nest: RTAX_* -> u32 (non-zero ones) */
	MYRT_RT_A_INPUT,	/* flag: an input entry */
	MYRT_RT_A_HASH,		/* u32: rt_hash_table bucket (*) */
	MYRT_RT_A_GENID,	/* u32: rt_genid (*) */
	MYRT_RT_A_SRC_MAP,	/* be32: rt_src_map (static NAT source) */
	MYRT_RT_A_DST_MAP,	/* be32: rt_dst_map (static NAT destination) */
	MYRT_RT_A_SCORE,	/* u32: rt_score (bits 31 valuable, 30 output
				 * or plain input, 29 hit since made)
				 */
	MYRT_RT_A_STALE,	/* flag: old genid (invalidated, not reaped) */
	MYRT_RT_A_FLOW,		/* u32: the entry's realms (dst.tclassid),
				 * only when not 0
				 */
	__MYRT_RT_A_MAX
};

/*
 * (*) The bucket and the genid are part of the route cache's hash secret:
 * they are sent only to a requester with CAP_NET_ADMIN in the namespace's
 * user namespace, or to anyone when the module was loaded with the
 * hash_rnd experiment parameter (a fixed, known seed).
 */
#define MYRT_RT_A_MAX (__MYRT_RT_A_MAX - 1)

/*
 * The structure of the FIB (MYRT_CMD_FIB_GET dump, MYRT_A_STRUCT nest).
 * A zone message: MYRT_A_TABLE, MYRT_A_DST_LEN and the ZONE attributes.
 * An alias message: the attributes of a route dump plus the node's hash
 * bucket, the alias state and its fib_info (a small id that stays the same
 * as long as the info lives, its tree and client reference counts).
 */
enum myrt_struct_attr {
	MYRT_ST_A_UNSPEC,
	MYRT_ST_A_ZONE_DIVISOR,	/* u32: hash buckets of the zone */
	MYRT_ST_A_ZONE_NENT,	/* u32: nodes of the zone */
	MYRT_ST_A_ZONE_LIMIT,	/* u32: nodes dumped at most (0: all) */
	MYRT_ST_A_ZONE_SAMPLED,	/* flag: more nodes than the limit */
	MYRT_ST_A_BUCKET,	/* u32: the node's bucket in its zone */
	MYRT_ST_A_FA_STATE,	/* u8: alias state (1: accessed) */
	MYRT_ST_A_FI_ID,	/* u32: fib_info id */
	MYRT_ST_A_FI_TREEREF,	/* u32: aliases using the info */
	MYRT_ST_A_FI_CLNTREF,	/* u32: client references */
	MYRT_ST_A_RULE_PREF,	/* u32: fibmatch: the rule that matched */
	__MYRT_ST_A_MAX
};

#define MYRT_ST_A_MAX (__MYRT_ST_A_MAX - 1)

#endif /* _UAPI_MYRT_H */
