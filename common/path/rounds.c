/* rounds.c — continuous rounds of probes to every TTL of a path (see netdx/rounds.h). */
#include "netdx/rounds.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#define OPEN_MAX 64                      /* rounds open at once */
#define WAIT_FACTOR 3                    /* a round waits this many times the slowest answer */
#define WAIT_MARGIN_NS (20 * 1000000ull) /* plus this, for scheduling noise */
#define DEFAULT_MIN_WAIT_NS (100 * 1000000ull)

/* One round that is still waiting for answers. */
struct open_round {
	bool open;                  /* still waiting */
	uint64_t number;            /* which round */
	uint64_t start_ns;          /* when its probes went out */
	unsigned sent;              /* probes it sent */
	unsigned resolved;          /* of them answered or timed out */
	uint32_t awaiting[8];       /* bit per TTL: its probe is out, not yet resolved */
	struct loop_timer deadline; /* when it closes regardless */
	struct rounds *r;           /* back pointer for the timer */
};

struct rounds {
	struct loop *loop;
	struct rounds_config cfg;
	struct hops *hops; /* where answers go */
	rounds_cb cb;
	void *arg;
	struct probe_engine *engine;                        /* the one probing now */
	struct probe_engine *engines[PROBE_METHOD_RAW + 1]; /* every one opened, by method */
	uint64_t rng;                                       /* xorshift state: random sizes */
	uint64_t last_start_ns;                             /* when the latest round started */
	uint64_t started;                                   /* rounds begun */
	uint64_t completed;                                 /* rounds closed */
	unsigned n_open;                                    /* rounds open now */
	bool stopping;                                      /* no more rounds will start */
	bool paused;                                        /* no new rounds until resumed */
	bool finished;                                      /* ROUNDS_FINISHED was reported */
	uint64_t next_due_ns;                               /* when the next round starts */
	struct loop_timer next_round;
	double slowest_ms; /* slowest first answer seen at or before the destination */
	int send_errno;    /* the last failed send's errno, 0 if none failed */
	struct open_round ring[OPEN_MAX]; /* round n lives in ring[n % OPEN_MAX] */
};

static void on_result(void *arg, const struct probe_result *res);
static void start_round(void *arg);

/* window_for
 * The probe engine's window: every TTL of a round, for every round that can start while
 * a probe waits out its timeout (an answer lost, or read late on a busy machine, keeps
 * its slot that long; a send that finds its slot still taken is skipped, and a fast -i
 * then sent fewer probes than it counted rounds). The engine's default when that fits. */
static unsigned window_for(const struct rounds_config *c)
{
	if (c->probe.max_outstanding || !c->interval_ns)
		return c->probe.max_outstanding;
	uint64_t per_round = (uint64_t)(c->max_ttl - c->first_ttl + 1);
	uint64_t rounds = c->max_wait_ns / c->interval_ns + 2;
	if (c->count && c->count < rounds)
		rounds = c->count; /* no more can ever be open: a short run below 1 ms fits */
	uint64_t n = per_round * rounds;
	return n <= PROBE_DEFAULT_WINDOW ? 0
	       : n >= PROBE_MAX_WINDOW   ? PROBE_MAX_WINDOW
					 : (unsigned)n;
}

/* open_engine
 * The engine of one way to probe, with room for payload_room bytes, sending
 * probe.payload_len; NETDX_OK or its status. */
static enum netdx_status open_engine(struct rounds *r, const struct probe_config *pc,
				     const char **why)
{
	struct probe_config c = *pc;
	c.timeout_ns = r->cfg.max_wait_ns;
	c.max_outstanding = r->cfg.probe.max_outstanding;
	if (r->cfg.payload_room > c.payload_len)
		c.payload_len = r->cfg.payload_room;
	struct probe_engine *e;
	enum netdx_status st = probe_engine_new(r->loop, &c, on_result, r, &e, why);
	if (st != NETDX_OK)
		return st;
	probe_set_payload_len(e, pc->payload_len);
	if (r->engines[pc->method])
		probe_engine_free(r->engines[pc->method]);
	r->engines[pc->method] = e;
	return NETDX_OK;
}

enum netdx_status rounds_new(struct loop *loop, const struct rounds_config *cfg, struct hops *hops,
			     rounds_cb cb, void *arg, struct rounds **out, const char **why)
{
	struct rounds *r = calloc(1, sizeof(*r));
	*out = NULL;
	if (!r)
		return status_fail(why, NETDX_E_SYSTEM, strerror(errno));
	if (getrandom(&r->rng, sizeof(r->rng), 0) != sizeof(r->rng)) {
		free(r);
		return status_fail(why, NETDX_E_SYSTEM, strerror(errno));
	}
	r->loop = loop;
	r->cfg = *cfg;
	if (!r->cfg.min_wait_ns)
		r->cfg.min_wait_ns = DEFAULT_MIN_WAIT_NS;
	if (r->cfg.min_wait_ns > r->cfg.max_wait_ns)
		r->cfg.min_wait_ns = r->cfg.max_wait_ns;
	r->cfg.probe.timeout_ns = r->cfg.max_wait_ns;
	r->cfg.probe.max_outstanding = window_for(&r->cfg);
	r->cfg.probe.prefault_window = r->cfg.probe.max_outstanding > PROBE_DEFAULT_WINDOW;
	r->rng |= 1;
	r->hops = hops;
	r->cb = cb;
	r->arg = arg;
	enum netdx_status st = open_engine(r, &r->cfg.probe, why);
	if (st != NETDX_OK) {
		free(r);
		return st;
	}
	r->engine = r->engines[r->cfg.probe.method];
	for (size_t i = 0; i < r->cfg.n_alt; i++)
		if (!r->engines[r->cfg.alt[i].method])
			(void)open_engine(r, &r->cfg.alt[i], NULL); /* a way left out */
	r->cfg.alt = NULL;
	r->cfg.n_alt = 0;
	for (int i = 0; i < OPEN_MAX; i++)
		r->ring[i].r = r;
	*out = r;
	return NETDX_OK;
}

unsigned rounds_sandbox(const struct rounds *r)
{
	unsigned needs = 0;
	for (size_t i = 0; i < sizeof(r->engines) / sizeof(r->engines[0]); i++)
		needs |= r->engines[i] ? probe_engine_sandbox(r->engines[i]) : 0;
	return needs;
}

void rounds_free(struct rounds *r)
{
	if (!r)
		return;
	for (int i = 0; i < OPEN_MAX; i++)
		loop_timer_disarm(r->loop, &r->ring[i].deadline);
	loop_timer_disarm(r->loop, &r->next_round);
	for (size_t i = 0; i < sizeof(r->engines) / sizeof(r->engines[0]); i++)
		probe_engine_free(r->engines[i]);
	free(r);
}

/* round_wait_ns
 * How long a round waits: max_wait until the destination has answered; then three
 * times the slowest answer plus a margin, within [min_wait, max_wait]. */
static uint64_t round_wait_ns(const struct rounds *r)
{
	if (!r->hops->dest_ttl)
		return r->cfg.max_wait_ns;
	uint64_t wait = (uint64_t)(r->slowest_ms * 1e6) * WAIT_FACTOR + WAIT_MARGIN_NS;
	if (wait < r->cfg.min_wait_ns)
		wait = r->cfg.min_wait_ns;
	return wait > r->cfg.max_wait_ns ? r->cfg.max_wait_ns : wait;
}

/* maybe_finish
 * Report the end once no round will start and none is open. */
static void maybe_finish(struct rounds *r)
{
	if (r->stopping && r->n_open == 0 && !r->finished) {
		r->finished = true;
		r->cb(r->arg, ROUNDS_FINISHED, &(struct rounds_info){0});
	}
}

/* close_round
 * A round is over: what it did not get is lost. */
static void close_round(struct open_round *o)
{
	struct rounds *r = o->r;
	if (!o->open)
		return;
	o->open = false;
	loop_timer_disarm(r->loop, &o->deadline);
	r->n_open--;
	r->completed++;
	r->cb(r->arg, ROUNDS_ROUND_DONE, &(struct rounds_info){.round = o->number});
	maybe_finish(r);
}

static void on_deadline(void *arg)
{
	close_round(arg);
}

/* arm_deadline
 * (Re)arm a round's deadline from its start and the current adaptive wait. */
static void arm_deadline(struct rounds *r, struct open_round *o)
{
	uint64_t at = o->start_ns + round_wait_ns(r);
	if (r->stopping && r->cfg.grace_ns && at > r->last_start_ns + r->cfg.grace_ns)
		at = r->last_start_ns + r->cfg.grace_ns; /* the last round's grace (mtr -G) */
	loop_timer_arm(r->loop, &o->deadline, at, on_deadline, o);
}

/* rearm_all
 * Every open round's deadline again (the adaptive wait or the grace changed). */
static void rearm_all(struct rounds *r)
{
	for (int i = 0; i < OPEN_MAX; i++)
		if (r->ring[i].open)
			arm_deadline(r, &r->ring[i]);
}

/* random_below
 * A random number in [0, n) (xorshift64: sizes and bytes need no more). */
static uint64_t random_below(struct rounds *r, uint64_t n)
{
	r->rng ^= r->rng << 13;
	r->rng ^= r->rng >> 7;
	r->rng ^= r->rng << 17;
	return n ? r->rng % n : 0;
}

/* vary_probe
 * Before a send: a random size (mtr -s negative; random fill bytes, mtr -B 256, are
 * the engine's: probe.random_fill). */
static void vary_probe(struct rounds *r)
{
	if (r->cfg.random_size)
		probe_set_payload_len(r->engine,
				      (size_t)random_below(r, r->cfg.probe.payload_len + 1));
}

/* ttl_limit
 * The highest TTL this round probes: the destination's, max_ttl before it is known;
 * with max_unknown, not past the TTL where more TTLs than that have never answered
 * (a TTL's probes all settled without an answer; mtr's rule). */
static int ttl_limit(const struct rounds *r)
{
	int limit = r->hops->dest_ttl && r->hops->dest_ttl < r->cfg.max_ttl ? r->hops->dest_ttl
									    : r->cfg.max_ttl;
	int unknown = 0;
	for (int ttl = r->cfg.first_ttl; r->cfg.max_unknown > 0 && ttl <= limit; ttl++) {
		const struct hop *hp = hops_at(r->hops, ttl);
		if (hp && hp->n_responders == 0 && hp->stats.sent > rounds_awaiting(r, ttl))
			unknown++;
		if (unknown > r->cfg.max_unknown)
			return ttl;
	}
	return limit;
}

/* cookie_of / cookie_round / cookie_ttl
 * A probe's cookie carries its round and TTL. */
static void *cookie_of(uint64_t round, int ttl)
{
	return (void *)(uintptr_t)((round << 8) | (uint64_t)ttl);
}

static uint64_t cookie_round(void *c)
{
	return (uint64_t)(uintptr_t)c >> 8;
}

static int cookie_ttl(void *c)
{
	return (int)((uintptr_t)c & 0xff);
}

/* start_round
 * Send one probe to every TTL up to the destination's (all of them before it is known)
 * and schedule the next round. */
static void start_round(void *arg)
{
	struct rounds *r = arg;
	uint64_t number = r->started++;
	struct open_round *o = &r->ring[number % OPEN_MAX];
	close_round(o); /* OPEN_MAX rounds behind: give up on it */
	*o = (struct open_round){.open = true,
				 .number = number,
				 .start_ns = loop_now_ns(),
				 .deadline = LOOP_TIMER_INIT,
				 .r = r};
	r->n_open++;
	r->last_start_ns = o->start_ns;
	int limit = ttl_limit(r);
	for (int ttl = r->cfg.first_ttl; ttl <= limit; ttl++) {
		vary_probe(r);
		if (probe_send(r->engine, &r->cfg.dst, ttl, cookie_of(number, ttl), NULL) < 0) {
			if (errno == EBUSY)
				continue; /* our own window is full: not the network's fault */
			/* No route (any more), unreachable...: the probe is lost, and a path that
			 * vanished mid-run shows as loss, with the reason kept for the report. */
			r->send_errno = errno;
			hops_sent(r->hops, ttl);
			continue;
		}
		hops_sent(r->hops, ttl);
		o->sent++;
		o->awaiting[ttl / 32] |= 1u << (ttl % 32);
		r->cb(r->arg, ROUNDS_SENT, &(struct rounds_info){.round = number, .ttl = ttl});
	}
	if (r->cfg.count && r->started >= r->cfg.count) {
		r->stopping = true;
		rearm_all(r); /* the grace starts */
	} else if (!r->paused) {
		r->next_due_ns += r->cfg.interval_ns;
		loop_timer_arm(r->loop, &r->next_round, r->next_due_ns, start_round, r);
	}
	if (o->sent == 0)
		close_round(o);
	else
		arm_deadline(r, o);
}

/* on_result
 * Fold an answer into the hops, and close its round when all its probes are resolved. */
static void on_result(void *arg, const struct probe_result *res)
{
	struct rounds *r = arg;
	uint64_t number = cookie_round(res->cookie);
	struct open_round *o = &r->ring[number % OPEN_MAX];
	if (!o->open || o->number != number)
		return; /* its round is closed: too late to count */
	int ttl = cookie_ttl(res->cookie);
	bool dest = res->from.len && addr_equal(&res->from, &r->cfg.dst);
	if (res->event != PROBE_DUPLICATE)
		o->awaiting[ttl / 32] &= ~(1u << (ttl % 32));
	switch (res->event) {
	case PROBE_REPLY:
	case PROBE_ERROR: {
		const struct hop *hp = hops_at(r->hops, ttl);
		size_t known = hp ? hp->n_responders : 0;
		hops_answer(r->hops, ttl, number, &res->from, res->rtt_ms, res->msg, dest, false);
		if (!r->hops->dest_ttl || ttl <= r->hops->dest_ttl) {
			if (res->rtt_ms > r->slowest_ms)
				r->slowest_ms = res->rtt_ms;
		}
		o->resolved++;
		struct rounds_info info = {.round = number,
					   .ttl = ttl,
					   .from = &res->from,
					   .rtt_ms = res->rtt_ms,
					   .new_responder = hp && hp->n_responders > known};
		r->cb(r->arg, ROUNDS_ANSWER, &info);
		break;
	}
	case PROBE_DUPLICATE:
		hops_answer(r->hops, ttl, number, &res->from, res->rtt_ms, res->msg, dest, true);
		return;
	default:
		o->resolved++;
		break;
	}
	/* The adaptive wait may have shrunk: every open round's deadline follows. */
	rearm_all(r);
	if (o->open && o->resolved >= o->sent)
		close_round(o);
}

void rounds_start(struct rounds *r)
{
	r->next_due_ns = loop_now_ns();
	loop_timer_arm(r->loop, &r->next_round, r->next_due_ns, start_round, r);
}

void rounds_limit_ttl(struct rounds *r, int max_ttl)
{
	if (max_ttl >= r->cfg.first_ttl && max_ttl < r->cfg.max_ttl)
		r->cfg.max_ttl = max_ttl;
}

void rounds_stop(struct rounds *r)
{
	r->stopping = true;
	loop_timer_disarm(r->loop, &r->next_round);
	maybe_finish(r);
}

void rounds_pause(struct rounds *r)
{
	r->paused = true;
	loop_timer_disarm(r->loop, &r->next_round);
}

void rounds_resume(struct rounds *r)
{
	if (!r->paused)
		return;
	r->paused = false;
	if (r->stopping)
		return;
	r->next_due_ns = loop_now_ns();
	loop_timer_arm(r->loop, &r->next_round, r->next_due_ns, start_round, r);
}

bool rounds_paused(const struct rounds *r)
{
	return r->paused;
}

uint64_t rounds_started(const struct rounds *r)
{
	return r->started;
}

uint64_t rounds_completed(const struct rounds *r)
{
	return r->completed;
}

uint64_t rounds_awaiting(const struct rounds *r, int ttl)
{
	uint64_t n = 0;
	if (ttl < 0 || ttl > HOPS_MAX_TTL)
		return 0;
	for (int i = 0; i < OPEN_MAX; i++)
		n += r->ring[i].open && (r->ring[i].awaiting[ttl / 32] >> (ttl % 32) & 1);
	return n;
}

int rounds_send_errno(const struct rounds *r)
{
	return r->send_errno;
}

const struct probe_counters *rounds_counters(const struct rounds *r)
{
	return probe_engine_counters(r->engine);
}

void rounds_set_interval(struct rounds *r, uint64_t interval_ns)
{
	uint64_t last = r->next_due_ns - r->cfg.interval_ns;
	r->cfg.interval_ns = interval_ns;
	if (r->paused || r->stopping || !r->started)
		return;
	uint64_t now = loop_now_ns();
	r->next_due_ns = last + interval_ns > now ? last + interval_ns : now;
	loop_timer_arm(r->loop, &r->next_round, r->next_due_ns, start_round, r);
}

void rounds_set_count(struct rounds *r, uint64_t count)
{
	r->cfg.count = count;
	if (count && r->started >= count)
		rounds_stop(r);
}

void rounds_set_ttl(struct rounds *r, int first_ttl, int max_ttl)
{
	r->cfg.first_ttl = first_ttl;
	r->cfg.max_ttl = max_ttl;
}

bool rounds_set_size(struct rounds *r, size_t payload_len, bool random)
{
	for (size_t i = 0; i < sizeof(r->engines) / sizeof(r->engines[0]); i++)
		if (r->engines[i] && probe_set_payload_len(r->engines[i], payload_len) < 0)
			return false;
	r->cfg.probe.payload_len = payload_len;
	r->cfg.random_size = random;
	return true;
}

void rounds_set_pattern(struct rounds *r, int pattern)
{
	uint8_t b = (uint8_t)pattern;
	for (size_t i = 0; i < sizeof(r->engines) / sizeof(r->engines[0]); i++) {
		if (!r->engines[i])
			continue;
		probe_set_random_fill(r->engines[i], pattern < 0);
		if (pattern >= 0)
			probe_set_pattern(r->engines[i], &b, 1);
	}
}

int rounds_set_tos(struct rounds *r, int tos)
{
	for (size_t i = 0; i < sizeof(r->engines) / sizeof(r->engines[0]); i++)
		if (r->engines[i] && probe_set_tos(r->engines[i], tos) < 0)
			return -1;
	return 0;
}

bool rounds_set_method(struct rounds *r, enum probe_method m)
{
	if ((size_t)m >= sizeof(r->engines) / sizeof(r->engines[0]) || !r->engines[m])
		return false;
	r->engine = r->engines[m];
	return true;
}

enum probe_method rounds_method(const struct rounds *r)
{
	for (size_t i = 0; i < sizeof(r->engines) / sizeof(r->engines[0]); i++)
		if (r->engines[i] == r->engine)
			return (enum probe_method)i;
	return PROBE_METHOD_ICMP;
}

uint16_t rounds_source_port(const struct rounds *r)
{
	return probe_engine_source_port(r->engine);
}
