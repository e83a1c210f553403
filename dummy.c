// SPDX-License-Identifier: GPL-2.0
/*
 * The DUMMY IP protocol: sockets, receive, echo, ICMP errors.
 *
 * Wire format and socket options: uapi/myrt_dummy.h.
 *
 * DUMMY registers itself with the inet layer as UDP-Lite does: a struct
 * proto and a struct inet_protosw (SOCK_DGRAM, protocol myrt_proto), so that
 * socket(AF_INET, SOCK_DGRAM, 253) gives a DUMMY socket.  Sending never uses
 * the kernel's routing: connect() does myrt's two-step lookup and keeps the
 * route on the socket (sk_dst_cache); each datagram takes its dst from that
 * cache (checked for staleness first) or from a fresh myrt lookup, and goes
 * down myrt's send chain (ip_output.c).
 *
 * Receive: myrt's PRE_ROUTING hook takes every DUMMY packet, myrt's input
 * routing hands local ones to myrt_local_deliver() (ip_input.c), which calls
 * myrt_dummy_rcv().  The inet_protos[] entry is registered too: its
 * err_handler receives the ICMP errors the kernel's ICMP code demultiplexes
 * (port/host/net unreachable, frag needed; redirects go to myrt_rt_redirect()),
 * and its handler only sees DUMMY packets the kernel itself routed (none
 * while myrt's hook runs): counted and dropped.
 *
 * Bound sockets live in one hash table keyed by local port; writers hold
 * myrt_dummy_lock, readers walk it under RCU.  Sockets are SOCK_RCU_FREE, so
 * a reader may use a socket it found without taking a reference.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/random.h>
#include <linux/icmp.h>
#include <net/sock.h>
#include <net/inet_common.h>
#include <net/inet_sock.h>
#include <net/protocol.h>
#include <net/ip.h>
#include <net/icmp.h>
#include <net/checksum.h>
#include <net/route.h>
#include "myrt.h"
#include "compat_dummy.h"
#include "uapi/myrt_dummy.h"

int myrt_proto = MYRT_DUMMY_PROTO;
module_param_named(proto, myrt_proto, int, 0444);
MODULE_PARM_DESC(proto, "IP protocol number of DUMMY (1..254, default 253; must not be one the kernel handles)");

#define MYRT_DUMMY_HSIZE	256
/* The ports of one bucket in one namespace: those of one residue mod HSIZE. */
#define MYRT_DUMMY_PORTS_PER_BUCKET	(65536 / MYRT_DUMMY_HSIZE)
/*
 * Sockets of one namespace on one port (SO_REUSEADDR sharers, or bound to
 * different addresses or devices), at most: a datagram's lookup walks them
 * all in softirq.  One more bind gets EADDRINUSE.
 */
#define MYRT_DUMMY_PORT_USERS_MAX	64

struct myrt_dummy_sock {
	struct inet_sock	inet;		/* first: inet_sk() */
	atomic_t		seq;
	int			echo;
};

static inline struct myrt_dummy_sock *myrt_dummy_sk(const struct sock *sk)
{
	return (struct myrt_dummy_sock *)sk;
}

struct myrt_dummy_net {
	atomic_long_t		mib[MYRT_DUMMY_MIB_MAX];
};

static unsigned int myrt_dummy_net_id __read_mostly;
static struct hlist_head myrt_dummy_hash[MYRT_DUMMY_HSIZE];
static DEFINE_SPINLOCK(myrt_dummy_lock);

/*
 * False before init is complete and from the start of exit: myrt's input
 * hook outlives DUMMY at unload (it goes later), so receive and the
 * counters check this, inside RCU read sections that exit waits for.
 */
static bool myrt_dummy_up __read_mostly;

void myrt_dummy_inc_stat(struct net *net, enum myrt_dummy_mib field)
{
	struct myrt_dummy_net *dn;

	if (!READ_ONCE(myrt_dummy_up))
		return;
	dn = net_generic(net, myrt_dummy_net_id);
	atomic_long_inc(&dn->mib[field]);
}

static struct net *myrt_skb_net(const struct sk_buff *skb)
{
	if (skb->dev)
		return dev_net(skb->dev);
	return dev_net(skb_dst(skb)->dev);
}

/*
 * The port's bucket in @net: the namespace's hash mix is added, as
 * udp_hashfn does, so that one namespace's ports do not all share the
 * chains of the same ports of every other one.  Ports of one residue mod
 * MYRT_DUMMY_HSIZE share a bucket in a namespace.
 */
static struct hlist_head *myrt_dummy_bucket(const struct net *net,
					    unsigned short port)
{
	return &myrt_dummy_hash[(port + net_hash_mix(net)) &
				(MYRT_DUMMY_HSIZE - 1)];
}

/* ------------------------------------------------------------------------
 * Port table
 */

/* @sk2 (same namespace and port) keeps @sk from binding that port. */
static bool myrt_dummy_conflict(const struct sock *sk, const struct sock *sk2)
{
	__be32 a1 = sk->sk_rcv_saddr, a2 = sk2->sk_rcv_saddr;

	if (sk->sk_bound_dev_if && sk2->sk_bound_dev_if &&
	    sk->sk_bound_dev_if != sk2->sk_bound_dev_if)
		return false;
	if (a1 && a2 && a1 != a2)
		return false;
	return !(sk->sk_reuse && sk2->sk_reuse);
}

/* @port of @net is not for @sk: a conflict, or all its places taken. */
static bool myrt_dummy_port_taken(struct net *net, unsigned short port,
				  const struct sock *sk)
{
	unsigned int users = 0;
	struct sock *sk2;

	sk_for_each(sk2, myrt_dummy_bucket(net, port)) {
		if (sk2 == sk || !net_eq(sock_net(sk2), net) ||
		    inet_sk(sk2)->inet_num != port)
			continue;
		if (++users >= MYRT_DUMMY_PORT_USERS_MAX ||
		    myrt_dummy_conflict(sk, sk2))
			return true;
	}
	return false;
}

/*
 * A free ephemeral port for @sk, or 0.  Not one chain walk per port of the
 * range (tens of thousands, with BHs off), but one per bucket, as
 * udp_lib_get_port does: from a random port, the bucket of each residue
 * mod MYRT_DUMMY_HSIZE in turn; one walk of its chain marks the ports in
 * conflict in a bitmap; the first unmarked port of the range in it that
 * port_taken() agrees to (the users bound) is the one.  At most HSIZE
 * chain walks and one look per port of the range.
 */
static unsigned short myrt_dummy_pick_port(struct net *net, struct sock *sk)
{
	DECLARE_BITMAP(used, MYRT_DUMMY_PORTS_PER_BUCKET);
	int low, high, remaining, first, n, p;

	myrt_sk_local_port_range(sk, &low, &high);
	remaining = high - low + 1;
	if (remaining <= 0)
		return 0;
	first = low + myrt_random_u32_below(remaining);
	/* first + n: HSIZE consecutive numbers, every residue once */
	for (n = 0; n < MYRT_DUMMY_HSIZE; n++) {
		int start = first + n;
		/* the lowest port of the range of start's residue */
		int q = low + (start - low) % MYRT_DUMMY_HSIZE;
		struct sock *sk2;

		if (q > high)
			continue;	/* a range smaller than the table */
		if (start > high)
			start = q;

		bitmap_zero(used, MYRT_DUMMY_PORTS_PER_BUCKET);
		sk_for_each(sk2, myrt_dummy_bucket(net, start)) {
			unsigned short num = inet_sk(sk2)->inet_num;

			if (sk2 != sk && net_eq(sock_net(sk2), net) &&
			    (num - start) % MYRT_DUMMY_HSIZE == 0 &&
			    myrt_dummy_conflict(sk, sk2))
				__set_bit(num / MYRT_DUMMY_HSIZE, used);
		}
		/* the ports of start's residue: start..high, then q.. */
		p = start;
		do {
			if (!test_bit(p / MYRT_DUMMY_HSIZE, used) &&
			    !inet_is_local_reserved_port(net, p) &&
			    !myrt_dummy_port_taken(net, p, sk))
				return p;
			p += MYRT_DUMMY_HSIZE;
			if (p > high)
				p = q;
		} while (p != start);
	}
	return 0;
}

/*
 * get_port: bind @sk to @snum, or to a free ephemeral port when @snum is 0.
 * Called by inet_bind() and inet_autobind() with the socket locked.
 */
static int myrt_dummy_get_port(struct sock *sk, unsigned short snum)
{
	struct net *net = sock_net(sk);
	int err = 0;

	spin_lock_bh(&myrt_dummy_lock);
	if (!snum) {
		snum = myrt_dummy_pick_port(net, sk);
		if (!snum) {
			err = -EADDRINUSE;
			goto out;
		}
	} else if (myrt_dummy_port_taken(net, snum, sk)) {
		err = -EADDRINUSE;
		goto out;
	}
	inet_sk(sk)->inet_num = snum;
	sk_add_node_rcu(sk, myrt_dummy_bucket(net, snum));
	sock_prot_inuse_add(net, sk->sk_prot, 1);
out:
	spin_unlock_bh(&myrt_dummy_lock);
	return err;
}

static int myrt_dummy_hash_sk(struct sock *sk)
{
	return 0;	/* hashed by get_port */
}

static void myrt_dummy_unhash(struct sock *sk)
{
	spin_lock_bh(&myrt_dummy_lock);
	if (sk_del_node_init_rcu(sk)) {
		inet_sk(sk)->inet_num = 0;
		sock_prot_inuse_add(sock_net(sk), sk->sk_prot, -1);
	}
	spin_unlock_bh(&myrt_dummy_lock);
}

/* The datagram type a socket receives: echo replies or data. */
static int myrt_dummy_wants(const struct sock *sk)
{
	return READ_ONCE(myrt_dummy_sk(sk)->echo) ? MYRT_DUMMY_ECHO_REPLY :
						    MYRT_DUMMY_DATA;
}

/*
 * Find the socket for a datagram from raddr:rport to laddr:lport received
 * on @dif.  @type: the DUMMY type it must accept (DATA: plain sockets, ECHO
 * REPLY: echo sockets), or -1 for any (ICMP errors).  The most specific
 * match wins (bound address, connected peer, bound device), as in UDP.
 * Caller holds rcu_read_lock(); no reference is taken (SOCK_RCU_FREE).
 */
static struct sock *myrt_dummy_lookup(struct net *net, __be32 raddr,
				      __be16 rport, __be32 laddr,
				      __be16 lport, int dif, int type)
{
	unsigned short hnum = ntohs(lport);
	struct sock *sk, *best = NULL;
	int best_score = -1;

	sk_for_each_rcu(sk, myrt_dummy_bucket(net, hnum)) {
		struct inet_sock *inet = inet_sk(sk);
		int score = 0;

		if (!net_eq(sock_net(sk), net) || inet->inet_num != hnum)
			continue;
		if (type >= 0 && myrt_dummy_wants(sk) != type)
			continue;
		if (inet->inet_rcv_saddr) {
			if (inet->inet_rcv_saddr != laddr)
				continue;
			score += 4;
		}
		if (inet->inet_daddr) {
			if (inet->inet_daddr != raddr)
				continue;
			score += 4;
		}
		if (inet->inet_dport) {
			if (inet->inet_dport != rport)
				continue;
			score += 4;
		}
		if (sk->sk_bound_dev_if) {
			if (sk->sk_bound_dev_if != dif)
				continue;
			score += 4;
		}
		if (score > best_score) {
			best = sk;
			best_score = score;
		}
	}
	return best;
}

/* ------------------------------------------------------------------------
 * Socket operations
 */

static int myrt_dummy_init_sock(struct sock *sk)
{
	struct myrt_dummy_sock *ds = myrt_dummy_sk(sk);

	sock_set_flag(sk, SOCK_RCU_FREE);
	atomic_set(&ds->seq, 0);
	ds->echo = 0;
	return 0;
}

static void myrt_dummy_close(struct sock *sk, long timeout)
{
	sk_common_release(sk);
}

static u8 myrt_dummy_route_tos(const struct sock *sk)
{
	return RT_TOS(READ_ONCE(inet_sk(sk)->tos)) |
	       sock_flag(sk, SOCK_LOCALROUTE);
}

/* Stale: dead, failing its dst_ops check, or from an older cache genid. */
static bool myrt_dummy_dst_stale(struct dst_entry *dst)
{
	if (!myrt_is_myrt_dst(dst))
		return true;
	if (dst->obsolete > 0)
		return true;
	if (dst->obsolete < 0 && (!dst->ops->check || !dst->ops->check(dst, 0)))
		return true;
	return myrt_rt_is_expired(myrt_rt(dst));
}

/* The socket's cached route, with a reference, or NULL if none/stale. */
static struct dst_entry *myrt_dummy_sk_dst_check(struct sock *sk)
{
	struct dst_entry *dst = sk_dst_get(sk);

	if (dst && myrt_dummy_dst_stale(dst)) {
		sk_dst_reset(sk);
		dst_release(dst);
		dst = NULL;
	}
	return dst;
}

static int myrt_dummy_connect(struct sock *sk,
			      struct myrt_connect_sockaddr *uaddr, int addr_len)
{
	struct sockaddr_in *usin = (struct sockaddr_in *)uaddr;
	struct inet_sock *inet = inet_sk(sk);
	struct myrt_rtable *rth;
	struct flowi4 fl4;
	__be32 saddr;
	int oif, err = 0;

	if (addr_len < sizeof(*usin))
		return -EINVAL;
	if (usin->sin_family != AF_INET)
		return -EAFNOSUPPORT;

	lock_sock(sk);
	sk_dst_reset(sk);
	oif = sk->sk_bound_dev_if;
	saddr = inet->inet_saddr;
	if (ipv4_is_multicast(usin->sin_addr.s_addr)) {
		if (!oif || netif_index_is_l3_master(sock_net(sk), oif))
			oif = inet->mc_index;
		if (!saddr)
			saddr = inet->mc_addr;
	}
	rth = myrt_route_connect(&fl4, usin->sin_addr.s_addr, saddr,
				 myrt_dummy_route_tos(sk), oif, sk->sk_protocol,
				 inet->inet_sport, usin->sin_port, sk);
	if (IS_ERR(rth)) {
		err = PTR_ERR(rth);
		if (err == -ENETUNREACH)
			IP_INC_STATS(sock_net(sk), IPSTATS_MIB_OUTNOROUTES);
		goto out;
	}
	if ((rth->rt.rt_flags & RTCF_BROADCAST) &&
	    !sock_flag(sk, SOCK_BROADCAST)) {
		dst_release(&rth->rt.dst);
		err = -EACCES;
		goto out;
	}
	if (!inet->inet_saddr)
		inet->inet_saddr = fl4.saddr;
	if (!inet->inet_rcv_saddr)
		inet->inet_rcv_saddr = fl4.saddr;
	inet->inet_daddr = fl4.daddr;
	inet->inet_dport = usin->sin_port;
	sk->sk_state = TCP_ESTABLISHED;
	sk_set_txhash(sk);
	myrt_inet_set_id(inet, get_random_u32() & 0xffff);
	sk_dst_set(sk, &rth->rt.dst);	/* the socket keeps our reference */
out:
	release_sock(sk);
	return err;
}

static int myrt_dummy_disconnect(struct sock *sk, int flags)
{
	struct inet_sock *inet = inet_sk(sk);

	lock_sock(sk);
	sk->sk_state = TCP_CLOSE;
	inet->inet_daddr = 0;
	inet->inet_dport = 0;
	sock_rps_reset_rxhash(sk);
	if (!(sk->sk_userlocks & SOCK_BINDADDR_LOCK)) {
		inet->inet_saddr = 0;
		inet->inet_rcv_saddr = 0;
	}
	if (!(sk->sk_userlocks & SOCK_BINDPORT_LOCK)) {
		sk->sk_prot->unhash(sk);
		inet->inet_sport = 0;
	}
	sk_dst_reset(sk);
	release_sock(sk);
	return 0;
}

static void myrt_dummy_set_csum(struct myrt_dummyhdr *dh, unsigned int ulen,
				__be32 saddr, __be32 daddr)
{
	dh->check = 0;
	dh->check = csum_tcpudp_magic(saddr, daddr, ulen, myrt_proto,
				      csum_partial(dh, ulen, 0));
	if (!dh->check)
		dh->check = CSUM_MANGLED_0;
}

static int myrt_dummy_sendmsg(struct sock *sk, struct msghdr *msg, size_t len)
{
	DECLARE_SOCKADDR(struct sockaddr_in *, usin, msg->msg_name);
	struct myrt_dummy_sock *ds = myrt_dummy_sk(sk);
	struct inet_sock *inet = inet_sk(sk);
	struct net *net = sock_net(sk);
	struct dst_entry *dst = NULL;
	struct myrt_dummyhdr *dh;
	unsigned int mtu, ulen, hlen;
	struct sk_buff *skb;
	bool connected = false;
	__be32 daddr, saddr;
	struct flowi4 fl4;
	__be16 dport;
	u8 pmtudisc, tos;
	int oif, err;
	bool echo;

	if (len > MYRT_DUMMY_MAX_PAYLOAD)
		return -EMSGSIZE;
	if (msg->msg_flags & MSG_OOB)
		return -EOPNOTSUPP;

	if (usin) {
		if (msg->msg_namelen < sizeof(*usin))
			return -EINVAL;
		if (usin->sin_family != AF_INET &&
		    usin->sin_family != AF_UNSPEC)
			return -EAFNOSUPPORT;
		daddr = usin->sin_addr.s_addr;
		dport = usin->sin_port;
		if (!dport)
			return -EINVAL;
	} else {
		if (sk->sk_state != TCP_ESTABLISHED)
			return -EDESTADDRREQ;
		daddr = inet->inet_daddr;
		dport = inet->inet_dport;
		connected = true;
	}

	saddr = inet->inet_saddr;
	oif = READ_ONCE(sk->sk_bound_dev_if);
	tos = myrt_dummy_route_tos(sk);
	if (msg->msg_flags & MSG_DONTROUTE) {
		tos |= MYRT_RTO_ONLINK;	/* on-link only: not the cached route */
		connected = false;
	}
	if (ipv4_is_multicast(daddr)) {
		if (!oif)
			oif = READ_ONCE(inet->mc_index);
		if (!saddr)
			saddr = READ_ONCE(inet->mc_addr);
	}

	if (connected)
		dst = myrt_dummy_sk_dst_check(sk);
	if (dst) {
		saddr = myrt_rt(dst)->rt_src;
		daddr = myrt_rt(dst)->rt_dst;
	} else {
		struct myrt_rtable *rth;

		memset(&fl4, 0, sizeof(fl4));
		fl4.flowi4_oif = oif;
		fl4.flowi4_mark = READ_ONCE(sk->sk_mark);
		myrt_fl4_set_tos(&fl4, tos);
		fl4.flowi4_proto = sk->sk_protocol;
		fl4.flowi4_uid = sock_net_uid(net, sk);
		fl4.daddr = daddr;
		fl4.saddr = saddr;
		fl4.fl4_dport = dport;
		fl4.fl4_sport = inet->inet_sport;
		rth = myrt_route_output_key(net, &fl4, NULL);
		if (IS_ERR(rth)) {
			err = PTR_ERR(rth);
			if (err == -ENETUNREACH)
				IP_INC_STATS(net, IPSTATS_MIB_OUTNOROUTES);
			return err;
		}
		dst = &rth->rt.dst;
		if ((rth->rt.rt_flags & RTCF_BROADCAST) &&
		    !sock_flag(sk, SOCK_BROADCAST)) {
			err = -EACCES;
			goto out;
		}
		if (connected)
			sk_dst_set(sk, dst_clone(dst));
		saddr = fl4.saddr;
		daddr = fl4.daddr;
	}

	ulen = sizeof(*dh) + len;
	pmtudisc = READ_ONCE(inet->pmtudisc);
	if (pmtudisc == IP_PMTUDISC_DO || pmtudisc == IP_PMTUDISC_PROBE) {
		mtu = pmtudisc == IP_PMTUDISC_DO ? myrt_path_mtu(dst) :
						   READ_ONCE(dst->dev->mtu);
		if (sizeof(struct iphdr) + ulen > mtu) {
			err = -EMSGSIZE;
			goto out;
		}
	}

	hlen = LL_RESERVED_SPACE(dst->dev) + dst->header_len +
	       sizeof(struct iphdr);
	skb = sock_alloc_send_skb(sk, hlen + ulen, msg->msg_flags & MSG_DONTWAIT,
				  &err);
	if (!skb)
		goto out;
	skb_reserve(skb, hlen);
	skb_reset_transport_header(skb);
	dh = skb_put(skb, ulen);
	err = memcpy_from_msg(dh + 1, msg, len);
	if (err) {
		kfree_skb(skb);
		goto out;
	}
	echo = READ_ONCE(ds->echo);
	dh->source = inet->inet_sport;
	dh->dest = dport;
	dh->len = htons(ulen);
	dh->type = echo ? MYRT_DUMMY_ECHO_REQUEST : MYRT_DUMMY_DATA;
	dh->flags = 0;
	dh->id = echo ? inet->inet_sport : 0;
	dh->seq = htonl(atomic_inc_return(&ds->seq));
	myrt_dummy_set_csum(dh, ulen, saddr, daddr);
	skb->ip_summed = CHECKSUM_NONE;
	skb->priority = READ_ONCE(sk->sk_priority);
	skb->mark = READ_ONCE(sk->sk_mark);
	skb_dst_set(skb, dst);		/* the skb takes our reference */
	dst = NULL;

	err = myrt_ip_queue_xmit(net, sk, skb, saddr, daddr,
				 READ_ONCE(inet->tos));
	if (err > 0)
		err = net_xmit_errno(err);
	if (err == -ENOBUFS && !myrt_inet_recverr(sk))
		err = 0;	/* as UDP: a drop on the way is not an error */
	if (!err) {
		myrt_dummy_inc_stat(net, MYRT_DUMMY_MIB_OUTDATAGRAMS);
		return len;
	}
out:
	dst_release(dst);
	return err;
}

static int myrt_dummy_do_recvmsg(struct sock *sk, struct msghdr *msg,
				 size_t len, int flags, int *addr_len)
{
	DECLARE_SOCKADDR(struct sockaddr_in *, sin, msg->msg_name);
	const struct myrt_dummyhdr *dh;
	struct sk_buff *skb;
	unsigned int copied;
	int err;

	if (flags & MSG_ERRQUEUE)
		return -EAGAIN;		/* no error queue (see IP_RECVERR) */

	skb = myrt_skb_recv_datagram(sk, flags, &err);
	if (!skb)
		return err;

	copied = skb->len;
	if (copied > len) {
		copied = len;
		msg->msg_flags |= MSG_TRUNC;
	}
	err = skb_copy_datagram_msg(skb, 0, msg, copied);
	if (err)
		goto out;

	myrt_sock_recv_cmsgs(msg, sk, skb);
	dh = (const struct myrt_dummyhdr *)skb_transport_header(skb);
	if (sin) {
		sin->sin_family = AF_INET;
		sin->sin_port = dh->source;
		sin->sin_addr.s_addr = ip_hdr(skb)->saddr;
		memset(sin->sin_zero, 0, sizeof(sin->sin_zero));
		*addr_len = sizeof(*sin);
	}
	if (myrt_inet_cmsg_flags(sk))
		ip_cmsg_recv_offset(msg, sk, skb, sizeof(*dh), 0);
	err = (flags & MSG_TRUNC) ? skb->len : copied;
out:
	skb_free_datagram(sk, skb);
	return err;
}

MYRT_PROTO_RECVMSG(myrt_dummy_recvmsg, myrt_dummy_do_recvmsg)

static bool myrt_dummy_mc_opt(int optname)
{
	switch (optname) {
	case IP_ADD_MEMBERSHIP:
	case IP_DROP_MEMBERSHIP:
	case IP_ADD_SOURCE_MEMBERSHIP:
	case IP_DROP_SOURCE_MEMBERSHIP:
	case MCAST_JOIN_GROUP:
	case MCAST_LEAVE_GROUP:
	case MCAST_JOIN_SOURCE_GROUP:
	case MCAST_LEAVE_SOURCE_GROUP:
		return true;
	}
	return false;
}

static int myrt_dummy_setsockopt(struct sock *sk, int level, int optname,
				 sockptr_t optval, unsigned int optlen)
{
	int val;

	if (level != SOL_MYRT_DUMMY) {
		struct net *net = sock_net(sk);
		int genid = rt_genid_ipv4(net);
		int err = ip_setsockopt(sk, level, optname, optval, optlen);

		/*
		 * A device's membership changed (a group's first join or
		 * last leave, a source filter's first or last user) changes
		 * which multicast routes are local: the classic kernel
		 * flushed the cache then, and only then
		 * (ip_rt_multicast_event).  The kernel still calls it, and
		 * it bumps the kernel's own route genid: a join or leave
		 * that changed no device's membership leaves the cache
		 * alone (another change of the kernel's routes meanwhile
		 * flushes once more, harmlessly).  Other sockets' groups,
		 * left when they close, are not seen here:
		 * myrt_local_deliver() checks membership again.
		 */
		if (!err && level == SOL_IP && myrt_dummy_mc_opt(optname) &&
		    rt_genid_ipv4(net) != genid)
			myrt_cache_flush(net, -1);
		return err;
	}
	if (optname != MYRT_DUMMY_ECHO)
		return -ENOPROTOOPT;
	if (optlen < sizeof(int))
		return -EINVAL;
	if (copy_from_sockptr(&val, optval, sizeof(val)))
		return -EFAULT;
	WRITE_ONCE(myrt_dummy_sk(sk)->echo, !!val);
	return 0;
}

static int myrt_dummy_getsockopt(struct sock *sk, int level, int optname,
				 char __user *optval, int __user *optlen)
{
	int val, len;

	if (level != SOL_MYRT_DUMMY)
		return ip_getsockopt(sk, level, optname, optval, optlen);
	if (optname != MYRT_DUMMY_ECHO)
		return -ENOPROTOOPT;
	if (get_user(len, optlen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	len = min_t(int, len, sizeof(int));
	val = READ_ONCE(myrt_dummy_sk(sk)->echo);
	if (put_user(len, optlen) || copy_to_user(optval, &val, len))
		return -EFAULT;
	return 0;
}

/* ------------------------------------------------------------------------
 * Receive
 */

static void myrt_dummy_queue(struct net *net, struct sock *sk,
			     struct sk_buff *skb)
{
	struct dst_entry *dst = skb_dst(skb);
	struct in_pktinfo *info = PKTINFO_SKB_CB(skb);

	__skb_pull(skb, sizeof(struct myrt_dummyhdr));
	memset(skb->cb, 0, sizeof(skb->cb));
	if (dst && myrt_is_myrt_dst(dst)) {
		const struct myrt_rtable *rth = myrt_rt(dst);

		info->ipi_ifindex = rth->rt.rt_iif ? : skb->skb_iif;
		info->ipi_spec_dst.s_addr = rth->rt_spec_dst;
	}
	skb_dst_drop(skb);
	if (sock_queue_rcv_skb(sk, skb) < 0) {
		myrt_dummy_inc_stat(net, MYRT_DUMMY_MIB_RCVBUFERRORS);
		kfree_skb(skb);
		return;
	}
	myrt_dummy_inc_stat(net, MYRT_DUMMY_MIB_INDATAGRAMS);
}

/*
 * Answer an echo request, as the kernel answers ICMP echo: the reply is
 * routed by myrt with daddr = the request's source, saddr = the input
 * route's spec_dst, same tos.  @skb: data at the (verified) DUMMY header,
 * exactly ulen bytes long.
 */
static void myrt_dummy_echo(struct net *net, struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct dst_entry *idst = skb_dst(skb);
	struct myrt_dummyhdr *rdh;
	struct myrt_rtable *rth;
	struct sk_buff *nskb;
	unsigned int hlen;
	struct flowi4 fl4;
	__be16 sport, dport;

	if (!idst || !myrt_is_myrt_dst(idst))
		goto err;

	sport = ((struct myrt_dummyhdr *)skb->data)->dest;
	dport = ((struct myrt_dummyhdr *)skb->data)->source;
	memset(&fl4, 0, sizeof(fl4));
	fl4.daddr = iph->saddr;
	fl4.saddr = myrt_rt(idst)->rt_spec_dst;
	myrt_fl4_set_tos(&fl4, RT_TOS(iph->tos));
	fl4.flowi4_proto = myrt_proto;
	fl4.fl4_sport = sport;
	fl4.fl4_dport = dport;
	rth = myrt_route_output_key(net, &fl4, NULL);
	if (IS_ERR(rth))
		goto err;

	hlen = LL_RESERVED_SPACE(rth->rt.dst.dev) + rth->rt.dst.header_len +
	       sizeof(struct iphdr);
	nskb = alloc_skb(hlen + skb->len, GFP_ATOMIC);
	if (!nskb) {
		dst_release(&rth->rt.dst);
		goto err;
	}
	skb_reserve(nskb, hlen);
	skb_reset_transport_header(nskb);
	rdh = skb_put(nskb, skb->len);
	if (skb_copy_bits(skb, 0, rdh, skb->len)) {
		kfree_skb(nskb);
		dst_release(&rth->rt.dst);
		goto err;
	}
	rdh->source = sport;
	rdh->dest = dport;
	rdh->type = MYRT_DUMMY_ECHO_REPLY;
	myrt_dummy_set_csum(rdh, nskb->len, fl4.saddr, fl4.daddr);
	nskb->ip_summed = CHECKSUM_NONE;
	nskb->mark = skb->mark;
	skb_dst_set(nskb, &rth->rt.dst);
	myrt_dummy_inc_stat(net, MYRT_DUMMY_MIB_ECHOREQS);
	if (myrt_ip_queue_xmit(net, NULL, nskb, fl4.saddr, fl4.daddr,
			       iph->tos) < 0)
		myrt_dummy_inc_stat(net, MYRT_DUMMY_MIB_ECHOREPERRORS);
	return;
err:
	myrt_dummy_inc_stat(net, MYRT_DUMMY_MIB_ECHOREPERRORS);
}

int myrt_dummy_rcv(struct sk_buff *skb)
{
	struct net *net = myrt_skb_net(skb);
	struct dst_entry *dst = skb_dst(skb);
	const struct myrt_dummyhdr *dh;
	const struct iphdr *iph;
	unsigned int ulen;
	bool bcast = false;
	struct sock *sk;
	int dif;

	if (unlikely(!READ_ONCE(myrt_dummy_up)))
		goto drop;
	if (!pskb_may_pull(skb, sizeof(*dh)))
		goto bad;
	dh = (const struct myrt_dummyhdr *)skb->data;
	ulen = ntohs(dh->len);
	if (ulen < sizeof(*dh) || ulen > skb->len)
		goto bad;
	if (ulen < skb->len && pskb_trim_rcsum(skb, ulen))
		goto bad;
	dh = (const struct myrt_dummyhdr *)skb->data;	/* may have moved */
	iph = ip_hdr(skb);
	if (csum_tcpudp_magic(iph->saddr, iph->daddr, ulen, myrt_proto,
			      skb_checksum(skb, 0, ulen, 0))) {
		myrt_dummy_inc_stat(net, MYRT_DUMMY_MIB_INCSUMERRORS);
		goto drop;
	}
	skb->ip_summed = CHECKSUM_UNNECESSARY;

	if (dst && myrt_is_myrt_dst(dst))
		bcast = myrt_rt(dst)->rt.rt_flags &
			(RTCF_BROADCAST | RTCF_MULTICAST);

	switch (dh->type) {
	case MYRT_DUMMY_ECHO_REQUEST:
		if (!bcast)
			myrt_dummy_echo(net, skb);
		consume_skb(skb);
		return 0;
	case MYRT_DUMMY_DATA:
	case MYRT_DUMMY_ECHO_REPLY:
		break;
	default:
		goto bad;
	}

	dif = skb->dev ? skb->dev->ifindex : 0;
	rcu_read_lock();
	sk = myrt_dummy_lookup(net, iph->saddr, dh->source, iph->daddr,
			       dh->dest, dif, dh->type);
	if (sk) {
		myrt_dummy_queue(net, sk, skb);
		rcu_read_unlock();
		return 0;
	}
	if (dh->type == MYRT_DUMMY_DATA) {
		myrt_dummy_inc_stat(net, MYRT_DUMMY_MIB_NOPORTS);
		if (!bcast)
			myrt_icmp_send(skb, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0);
	}
	rcu_read_unlock();
	consume_skb(skb);
	return 0;

bad:
	myrt_dummy_inc_stat(net, MYRT_DUMMY_MIB_INERRORS);
drop:
	kfree_skb(skb);
	return 0;
}

/* inet_protos[] handler: DUMMY packets the kernel routed, not myrt. */
static int myrt_dummy_kernel_rcv(struct sk_buff *skb)
{
	myrt_dummy_inc_stat(myrt_skb_net(skb), MYRT_DUMMY_MIB_KERNELROUTED);
	kfree_skb(skb);
	return 0;
}

/*
 * ICMP error for a DUMMY datagram we sent.  skb->data is at the quoted IP
 * header; the kernel guarantees the first 8 bytes after it (our ports).
 * The errno mapping is UDP's.
 */
static int myrt_dummy_err(struct sk_buff *skb, u32 info)
{
	const struct iphdr *iph = (const struct iphdr *)skb->data;
	const struct myrt_dummyhdr *dh =
		(const struct myrt_dummyhdr *)(skb->data + (iph->ihl << 2));
	const int type = icmp_hdr(skb)->type;
	const int code = icmp_hdr(skb)->code;
	struct net *net = dev_net(skb->dev);
	struct dst_entry *dst;
	bool harderr = false;
	struct sock *sk;
	int err;

	/*
	 * A redirect changes the route cache, socket or not (icmp_redirect):
	 * net and host redirects alike (RFC 1812), with or without TOS.
	 */
	if (type == ICMP_REDIRECT && code <= ICMP_REDIR_HOSTTOS)
		myrt_rt_redirect(net, ip_hdr(skb)->saddr, iph->daddr,
				 icmp_hdr(skb)->un.gateway, iph->saddr,
				 iph->tos, skb->dev);

	/*
	 * So does fragmentation needed (ip_rt_frag_needed from icmp_unreach):
	 * every matching output entry learns the MTU, the plateau table's
	 * guess when the router gave none.  With ip_no_pmtu_disc the kernel
	 * passes no MTU and nothing is learned; when no entry learned and the
	 * router gave none, the message is dropped, as classic did.
	 */
	if (type == ICMP_DEST_UNREACH && code == ICMP_FRAG_NEEDED &&
	    !READ_ONCE(net->ipv4.sysctl_ip_no_pmtu_disc)) {
		info = myrt_rt_frag_needed(net, iph, info, skb->dev);
		if (!info)
			return 0;
	}

	sk = myrt_dummy_lookup(net, iph->daddr, dh->dest, iph->saddr,
			       dh->source, skb->dev->ifindex, -1);
	if (!sk)
		return -ENOENT;

	switch (type) {
	case ICMP_SOURCE_QUENCH:
	case ICMP_REDIRECT:
		return 0;
	case ICMP_PARAMETERPROB:
		err = EPROTO;
		harderr = true;
		break;
	case ICMP_DEST_UNREACH:
		if (code == ICMP_FRAG_NEEDED) {
			/* The socket's route, if the cache does not hold it. */
			dst = sk_dst_get(sk);
			if (dst && myrt_is_myrt_dst(dst) &&
			    dst->ops->update_pmtu)
				dst->ops->update_pmtu(dst, sk, NULL, info, true);
			dst_release(dst);
			if (READ_ONCE(inet_sk(sk)->pmtudisc) == IP_PMTUDISC_DONT)
				return 0;
			err = EMSGSIZE;
			harderr = true;
			break;
		}
		err = EHOSTUNREACH;
		if (code <= NR_ICMP_UNREACH) {
			harderr = icmp_err_convert[code].fatal;
			err = icmp_err_convert[code].errno;
		}
		break;
	case ICMP_TIME_EXCEEDED:
	default:
		err = EHOSTUNREACH;
		break;
	}

	/* As UDP: unconnected sockets hear soft errors only with IP_RECVERR. */
	if (!myrt_inet_recverr(sk) &&
	    (!harderr || sk->sk_state != TCP_ESTABLISHED))
		return 0;
	WRITE_ONCE(sk->sk_err, err);
	myrt_sk_error_report(sk);
	return 0;
}

/* ------------------------------------------------------------------------
 * Registration
 */

static const struct proto_ops myrt_dummy_ops = {
	.family		= PF_INET,
	.owner		= THIS_MODULE,
	.release	= inet_release,
	.bind		= inet_bind,
	.connect	= inet_dgram_connect,
	.socketpair	= sock_no_socketpair,
	.accept		= sock_no_accept,
	.getname	= inet_getname,
	.poll		= datagram_poll,
	.ioctl		= inet_ioctl,
	.gettstamp	= sock_gettstamp,
	.listen		= sock_no_listen,
	.shutdown	= inet_shutdown,
	.setsockopt	= sock_common_setsockopt,
	.getsockopt	= sock_common_getsockopt,
	.sendmsg	= inet_sendmsg,
	.recvmsg	= inet_recvmsg,
	.mmap		= sock_no_mmap,
};

static struct proto myrt_dummy_prot = {
	.name		= "DUMMY",
	.owner		= THIS_MODULE,
	.close		= myrt_dummy_close,
	.connect	= myrt_dummy_connect,
	.disconnect	= myrt_dummy_disconnect,
	.init		= myrt_dummy_init_sock,
	.setsockopt	= myrt_dummy_setsockopt,
	.getsockopt	= myrt_dummy_getsockopt,
	.sendmsg	= myrt_dummy_sendmsg,
	.recvmsg	= myrt_dummy_recvmsg,
	.hash		= myrt_dummy_hash_sk,
	.unhash		= myrt_dummy_unhash,
	.get_port	= myrt_dummy_get_port,
	.obj_size	= sizeof(struct myrt_dummy_sock),
};

static struct inet_protosw myrt_dummy_protosw = {
	.type		= SOCK_DGRAM,
	.prot		= &myrt_dummy_prot,
	.ops		= &myrt_dummy_ops,
	.flags		= 0,
};

static const struct net_protocol myrt_dummy_protocol = {
	.handler	= myrt_dummy_kernel_rcv,
	.err_handler	= myrt_dummy_err,
	.no_policy	= 1,
	MYRT_NET_PROTOCOL_NETNS_OK
};

static const char * const myrt_dummy_mib_names[MYRT_DUMMY_MIB_MAX] = {
	[MYRT_DUMMY_MIB_INDATAGRAMS]	= "InDatagrams",
	[MYRT_DUMMY_MIB_NOPORTS]	= "NoPorts",
	[MYRT_DUMMY_MIB_INERRORS]	= "InErrors",
	[MYRT_DUMMY_MIB_INCSUMERRORS]	= "InCsumErrors",
	[MYRT_DUMMY_MIB_RCVBUFERRORS]	= "RcvbufErrors",
	[MYRT_DUMMY_MIB_OUTDATAGRAMS]	= "OutDatagrams",
	[MYRT_DUMMY_MIB_ECHOREQS]	= "EchoRequests",
	[MYRT_DUMMY_MIB_ECHOREPERRORS]	= "EchoReplyErrors",
	[MYRT_DUMMY_MIB_KERNELROUTED]	= "KernelRouted",
	[MYRT_DUMMY_MIB_UNKNOWNPROTOS]	= "UnknownProtos",
};

/* /proc/net/myrt_dummy: two lines, as the Udp: lines of /proc/net/snmp. */
static int myrt_dummy_proc_show(struct seq_file *seq, void *v)
{
	struct net *net = seq_file_single_net(seq);
	struct myrt_dummy_net *dn = net_generic(net, myrt_dummy_net_id);
	int i;

	seq_puts(seq, "Dummy:");
	for (i = 0; i < MYRT_DUMMY_MIB_MAX; i++)
		seq_printf(seq, " %s", myrt_dummy_mib_names[i]);
	seq_puts(seq, "\nDummy:");
	for (i = 0; i < MYRT_DUMMY_MIB_MAX; i++)
		seq_printf(seq, " %ld", atomic_long_read(&dn->mib[i]));
	seq_putc(seq, '\n');
	return 0;
}

static int __net_init myrt_dummy_net_init(struct net *net)
{
	if (!proc_create_net_single("myrt_dummy", 0444, net->proc_net,
				    myrt_dummy_proc_show, NULL))
		return -ENOMEM;
	return 0;
}

static void __net_exit myrt_dummy_net_exit(struct net *net)
{
	remove_proc_entry("myrt_dummy", net->proc_net);
}

static struct pernet_operations myrt_dummy_net_ops = {
	.init = myrt_dummy_net_init,
	.exit = myrt_dummy_net_exit,
	.id   = &myrt_dummy_net_id,
	.size = sizeof(struct myrt_dummy_net),
};

int myrt_dummy_init(void)
{
	int ret;

	if (myrt_proto < 1 || myrt_proto > 254) {
		pr_err("proto=%d: the DUMMY protocol number must be 1..254\n",
		       myrt_proto);
		return -EINVAL;
	}

	ret = register_pernet_subsys(&myrt_dummy_net_ops);
	if (ret)
		return ret;
	ret = proto_register(&myrt_dummy_prot, 1);
	if (ret)
		goto err_proto;
	if (inet_add_protocol(&myrt_dummy_protocol, myrt_proto) < 0) {
		pr_err("proto=%d: IP protocol %d is already handled by the kernel; choose another (e.g. proto=253)\n",
		       myrt_proto, myrt_proto);
		ret = -EBUSY;
		goto err_add;
	}
	myrt_dummy_protosw.protocol = myrt_proto;
	inet_register_protosw(&myrt_dummy_protosw);
	WRITE_ONCE(myrt_dummy_up, true);
	return 0;

err_add:
	proto_unregister(&myrt_dummy_prot);
err_proto:
	unregister_pernet_subsys(&myrt_dummy_net_ops);
	return ret;
}

void myrt_dummy_exit(void)
{
	WRITE_ONCE(myrt_dummy_up, false);
	synchronize_net();
	inet_unregister_protosw(&myrt_dummy_protosw);
	inet_del_protocol(&myrt_dummy_protocol, myrt_proto);
	proto_unregister(&myrt_dummy_prot);
	unregister_pernet_subsys(&myrt_dummy_net_ops);
}
