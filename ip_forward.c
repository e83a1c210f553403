// SPDX-License-Identifier: GPL-2.0
/*
 * The input hooks of routes that do not end here: forward (ip_forward) and
 * error (ip_error), and the ICMP redirects a forwarding route sends.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ip.h>
#include <linux/icmp.h>
#include <linux/inetdevice.h>
#include <linux/netfilter_ipv4.h>
#include <net/ip.h>
#include <net/icmp.h>
#include <net/route.h>
#include "myrt.h"

/*
 * redirect_load << n without overflow: redirect_load may be INT_MAX and n
 * up to 30 (the sysctls' bounds); the wait saturates at MAX_JIFFY_OFFSET,
 * the longest time_after() compares right.
 */
static unsigned long myrt_redirect_wait(int load, unsigned int n)
{
	unsigned long l = max(load, 0);

	if (n >= BITS_PER_LONG || l > (MAX_JIFFY_OFFSET >> n))
		return MAX_JIFFY_OFFSET;
	return l << n;
}

/*
 * ip_rt_send_redirect: tell the sender of a packet that left by the
 * interface it came in on about the better gateway.  Rate limited per cache
 * entry: after redirect_number ignored redirects stop until redirect_silence
 * passed without packets; between two redirects wait redirect_load << n.
 */
static void myrt_send_redirect(struct sk_buff *skb, struct myrt_rtable *rth)
{
	const struct myrt_rt_params *p = &myrt_rt_params;
	unsigned long now, last;
	u32 number, max_number;
	struct in_device *in_dev;
	bool log_martians;

	rcu_read_lock();
	in_dev = __in_dev_get_rcu(rth->rt.dst.dev);
	if (!in_dev || !IN_DEV_TX_REDIRECTS(in_dev)) {
		rcu_read_unlock();
		return;
	}
	log_martians = IN_DEV_LOG_MARTIANS(in_dev);
	rcu_read_unlock();

	/*
	 * The entry's counters are racy by design, as in the classic kernel:
	 * CPUs forwarding through the same entry at once may both send (they
	 * only pace the redirects); each field is read and written once.
	 */
	now = jiffies;
	last = READ_ONCE(rth->redirect_last);
	number = READ_ONCE(rth->redirect_number);
	max_number = READ_ONCE(p->redirect_number);
	if (time_after(now, last + READ_ONCE(p->redirect_silence)))
		number = 0;

	if (number >= max_number) {
		WRITE_ONCE(rth->redirect_number, number);
		WRITE_ONCE(rth->redirect_last, now);
		return;
	}

	if (number == 0 ||
	    time_after(now, last + myrt_redirect_wait(READ_ONCE(p->redirect_load),
						      number))) {
		myrt_icmp_send(skb, ICMP_REDIRECT, ICMP_REDIR_HOST,
			       rth->rt_gateway);
		WRITE_ONCE(rth->redirect_last, now);
		WRITE_ONCE(rth->redirect_number, ++number);
		if (log_martians && number == max_number)
			net_warn_ratelimited("host %pI4/if%d ignores redirects for %pI4 to %pI4\n",
					     &rth->rt_src, rth->rt.rt_iif,
					     &rth->rt_dst, &rth->rt_gateway);
	}
}

static bool myrt_in_dev_forward(struct net_device *dev)
{
	struct in_device *in_dev;
	bool on;

	rcu_read_lock();
	in_dev = __in_dev_get_rcu(dev);
	on = in_dev && IN_DEV_FORWARD(in_dev);
	rcu_read_unlock();
	return on;
}

/*
 * ip_forward_options, without source routes (myrt drops them): record
 * route and timestamp with address get this router's address on the way
 * out (the slot myrt_rcv_options() made room in).
 */
static void myrt_forward_options(struct sk_buff *skb, struct myrt_rtable *rth)
{
	struct ip_options *opt = &IPCB(skb)->opt;
	unsigned char *raw = skb_network_header(skb);
	unsigned char *optptr;
	bool changed = opt->is_changed;	/* a timestamp written on input */
	__be32 src = 0;

	if (opt->rr_needaddr || opt->ts_needaddr)
		src = inet_select_addr(rth->rt.dst.dev, rth->rt_gateway,
				       RT_SCOPE_UNIVERSE);
	if (opt->rr_needaddr) {
		optptr = raw + opt->rr;
		memcpy(&optptr[optptr[2] - 5], &src, 4);
		changed = true;
	}
	if (opt->ts_needaddr) {
		optptr = raw + opt->ts;
		memcpy(&optptr[optptr[2] - 9], &src, 4);
		changed = true;
	}
	if (changed) {
		opt->is_changed = 0;
		ip_send_check(ip_hdr(skb));
	}
}

static int myrt_forward_finish(struct net *net, struct sock *sk,
			       struct sk_buff *skb)
{
	if (unlikely(IPCB(skb)->opt.optlen))
		myrt_forward_options(skb, myrt_skb_rt(skb));
	__IP_INC_STATS(net, IPSTATS_MIB_OUTFORWDATAGRAMS);
	__IP_ADD_STATS(net, IPSTATS_MIB_OUTOCTETS, skb->len);
	return dst_output(net, sk, skb);
}

/**
 * myrt_forward - dst->input of a forwarding route (ip_forward)
 * @skb: the packet
 *
 * TTL check and decrement with ICMP time exceeded, ICMP fragmentation
 * needed for a DF packet above the path MTU, redirects, NF_INET_FORWARD,
 * then the route's output.
 */
int myrt_forward(struct sk_buff *skb)
{
	struct myrt_rtable *rth = myrt_skb_rt(skb);
	struct dst_entry *dst = &rth->rt.dst;
	struct net *net = dev_net(skb->dev);
	unsigned int mtu;
	struct iphdr *iph;

	if (skb->pkt_type != PACKET_HOST)
		goto drop;
	/* ip_forward: the output path's ICMP errors go to the sender */
	IPCB(skb)->flags |= IPSKB_FORWARDED;

	/*
	 * The classic kernel flushed the cache when forwarding was turned
	 * off; the modern one does not tell us, so notice it here: flush,
	 * and drop what the stale entry would have forwarded.
	 */
	if (unlikely(!myrt_in_dev_forward(skb->dev))) {
		myrt_cache_flush(net, -1);
		goto drop;
	}
	skb_forward_csum(skb);

	if (ip_hdr(skb)->ttl <= 1)
		goto too_many_hops;

	mtu = dst_mtu(dst);
	if (unlikely(skb->len > mtu && !skb_is_gso(skb) &&
		     (ip_hdr(skb)->frag_off & htons(IP_DF)))) {
		__IP_INC_STATS(net, IPSTATS_MIB_FRAGFAILS);
		myrt_icmp_send(skb, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, htonl(mtu));
		goto drop;
	}

	/* We are about to mangle the packet: make it ours. */
	if (skb_cow(skb, LL_RESERVED_SPACE(dst->dev) + dst->header_len))
		goto drop;
	/* Static NAT (nat.c): rewrite addresses and checksums. */
	if (unlikely(rth->rt.rt_flags & MYRT_RTCF_NAT) && myrt_nat_forward(skb))
		goto drop;
	iph = ip_hdr(skb);
	ip_decrease_ttl(iph);

	if (rth->rt.rt_flags & RTCF_DOREDIRECT)
		myrt_send_redirect(skb, rth);

	skb->priority = rt_tos2priority(iph->tos);
	return NF_HOOK(NFPROTO_IPV4, NF_INET_FORWARD, net, NULL, skb,
		       skb->dev, dst->dev, myrt_forward_finish);

too_many_hops:
	__IP_INC_STATS(net, IPSTATS_MIB_INHDRERRORS);
	myrt_icmp_send(skb, ICMP_TIME_EXCEEDED, ICMP_EXC_TTL, 0);
drop:
	kfree_skb(skb);
	return NET_RX_DROP;
}

/**
 * myrt_error - dst->input of an error route (ip_error)
 * @skb: the packet, always freed
 *
 * Unreachable and prohibit routes answer with ICMP destination unreachable
 * (host, net, packet filtered), at most error_burst/error_cost at once and
 * one per error_cost after that, per cache entry.  Others drop silently.
 */
int myrt_error(struct sk_buff *skb)
{
	struct myrt_rtable *rth = myrt_skb_rt(skb);
	const struct myrt_rt_params *p = &myrt_rt_params;
	unsigned long now, tokens, cost;
	int code;

	switch (rth->rt.dst.error) {
	case EHOSTUNREACH:
		code = ICMP_HOST_UNREACH;
		break;
	case ENETUNREACH:
		code = ICMP_NET_UNREACH;
		__IP_INC_STATS(dev_net(skb->dev), IPSTATS_MIB_INNOROUTES);
		break;
	case EACCES:
		code = ICMP_PKT_FILTERED;
		break;
	default:
		goto out;
	}

	/* The token bucket: racy by design (classic), each field once. */
	now = jiffies;
	tokens = min_t(unsigned long,
		       READ_ONCE(rth->rate_tokens) +
		       (now - READ_ONCE(rth->rate_last)),
		       max(READ_ONCE(p->error_burst), 0));
	WRITE_ONCE(rth->rate_last, now);
	cost = max(READ_ONCE(p->error_cost), 0);
	if (tokens >= cost) {
		tokens -= cost;
		myrt_icmp_send(skb, ICMP_DEST_UNREACH, code, 0);
	}
	WRITE_ONCE(rth->rate_tokens, tokens);
out:
	kfree_skb(skb);
	return 0;
}
