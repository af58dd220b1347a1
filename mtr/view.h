/* view.h — what the files of mtr's live view share (curses.c, display.c, keys.c,
 * history.c): the recent results of every hop, and the view's own state. Only those
 * files include it; the rest of mtr knows the view through mtr.h's two hooks. */
#ifndef NETDX_MTR_VIEW_H
#define NETDX_MTR_VIEW_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mtr.h"

/* What the history knows about one probe. */
enum mtr_hist_state {
	MTR_HIST_NONE,     /* no probe of that round at that TTL (or forgotten by a reset) */
	MTR_HIST_PENDING,  /* sent, its round still open */
	MTR_HIST_LOST,     /* its round closed without an answer */
	MTR_HIST_ANSWERED, /* answered; the RTT is kept */
};

/* One kept result. */
struct mtr_hist_slot {
	uint64_t tag;  /* round number + 1; 0 for an empty slot */
	float rtt_ms;  /* the answer's RTT (MTR_HIST_ANSWERED) */
	uint8_t state; /* enum mtr_hist_state */
};

/* The last `depth` rounds of every TTL: what the history bars and the latency scale
 * draw. Constant memory: depth slots per TTL, round n in slot n % depth. */
struct mtr_history {
	int first_ttl;              /* TTL of the first row */
	int n_ttl;                  /* rows (max_ttl - first_ttl + 1) */
	size_t depth;               /* rounds kept per TTL */
	uint64_t next_round;        /* one past the newest round a probe was sent in */
	struct mtr_hist_slot *slot; /* slot[(ttl - first_ttl) * depth + round % depth] */
};

/* Allocate for TTLs first..max, depth rounds each (all empty). False on ENOMEM. */
bool mtr_history_init(struct mtr_history *h, int first_ttl, int max_ttl, size_t depth);
void mtr_history_free(struct mtr_history *h);

/* Forget every result (the `r` key); later answers to earlier probes are ignored. */
void mtr_history_reset(struct mtr_history *h);

/* The rounds engine's events, in the order it reports them. */
void mtr_history_sent(struct mtr_history *h, uint64_t round, int ttl);
void mtr_history_answer(struct mtr_history *h, uint64_t round, int ttl, double rtt_ms);
void mtr_history_round_done(struct mtr_history *h, uint64_t round);

/* What is known about round `round` at `ttl`; *rtt_ms is set when answered. */
enum mtr_hist_state mtr_history_get(const struct mtr_history *h, int ttl, uint64_t round,
				    double *rtt_ms);

/* Which screen the view shows. */
enum mtr_screen {
	MTR_SCREEN_MAIN,  /* the table, or the history bars (ctl->display_mode) */
	MTR_SCREEN_HELP,  /* the key list, until any key */
	MTR_SCREEN_ORDER, /* the `o` prompt for new field keys */
	MTR_SCREEN_VALUE, /* a prompt for one number (i c f m s b Q), until Enter or Esc */
};

/* The numbers the live view asks for, by mtr 0.95's keys. */
enum mtr_prompt {
	MTR_PROMPT_INTERVAL, /* i */
	MTR_PROMPT_CYCLES,   /* c */
	MTR_PROMPT_FIRST,    /* f */
	MTR_PROMPT_MAX,      /* m */
	MTR_PROMPT_SIZE,     /* s */
	MTR_PROMPT_PATTERN,  /* b */
	MTR_PROMPT_TOS,      /* Q */
};

/* Colour pairs of the latency classes (set up when the terminal has colours). */
enum mtr_pair {
	MTR_PAIR_GREEN = 1,
	MTR_PAIR_YELLOW,
	MTR_PAIR_MAGENTA,
	MTR_PAIR_RED
};

#define MTR_VIEW_HISTORY 200 /* rounds kept per hop, as many as mtr keeps */

/* The live view: everything it needs besides ctl, passed to every function. */
struct mtr_view {
	struct mtr_run *run;            /* every host probed */
	struct mtr_ctl *ctl;            /* the host shown (options, hops, rounds, loop) */
	struct mtr_history *hists;      /* recent results per hop, one per host of the run */
	struct mtr_history *hist;       /* the shown host's */
	enum mtr_screen screen;         /* what is on the screen */
	char input[MTR_MAX_FIELDS + 1]; /* the `o` or a value prompt's keys so far */
	size_t input_len;               /* of them typed */
	enum mtr_prompt prompt;         /* the value prompt open (MTR_SCREEN_VALUE) */
	char message[128];              /* why a key did nothing, shown until the next key */
	int offset;                     /* hop rows scrolled away (`+`/`-`) */
	bool dirty;                     /* something changed since the last draw */
	bool quit;                      /* leave the loop */
	time_t drawn_at;                /* wall-clock second of the last draw (the clock) */
	char local_addr[ADDR_STRLEN];   /* our source address toward the shown host, "" unknown */
	struct loop_timer tick;         /* redraw timer */
	SCREEN *term;                   /* the terminal in curses mode */
};

/* Draw the whole screen from the view and its ctl (never blocks, clips to any size). */
void mtr_display_draw(struct mtr_view *v);

/* Act on one key read from the terminal. */
void mtr_keys_handle(struct mtr_view *v, int key);

/* A value prompt's question with the value now, as mtr words it ("Max TTL: 30"), into
 * buf; *hint is its second line, "" for none. */
void mtr_prompt_text(const struct mtr_view *v, char *buf, size_t len, const char **hint);

/* Enter at a value prompt: apply what was typed from the next probe on, or say in
 * v->message why not (out of range, not a number, needs privilege). */
void mtr_prompt_apply(struct mtr_view *v);

/* Switch the probes to method m (mtr's `u` and `t`), or say why not. */
void mtr_live_method(struct mtr_view *v, enum probe_method m);

/* Show the AS field f (mtr's `y` and `z`; -1: none), looking up every responder known. */
void mtr_live_ipinfo(struct mtr_view *v, int f);

/* Show the next host of the run (after the last, the first again), with the display
 * settings the keys gave (order, display mode, DNS, MPLS) carried over. */
void mtr_curses_show_host(struct mtr_view *v);

#endif
