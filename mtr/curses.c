/* curses.c — mtr's live view on the event loop: the terminal's life (set up, resized
 * on SIGWINCH, restored on q, on SIGINT/SIGTERM and on any exit), keys read from stdin
 * without ever blocking, a redraw timer, and the rounds engine's events feeding the
 * history bars. Drawing is display.c's, keys are keys.c's. */
#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <term.h>
#include <unistd.h>

#include "netdx/cli.h"
#include "view.h"

#define TICK_NS (200 * 1000000ull) /* redraw at most this often for events and the clock */

/* mtr_curses_usable
 * stdout is a terminal whose type terminfo knows (checked without touching it). */
bool mtr_curses_usable(void)
{
	int err;
	if (!isatty(STDOUT_FILENO) || setupterm(NULL, STDOUT_FILENO, &err) != OK)
		return false;
	del_curterm(cur_term); /* newterm() sets it up again for real */
	return true;
}

/* restore_terminal
 * atexit(): leave curses if an exit() anywhere happens while the view is up. */
static void restore_terminal(void)
{
	if (stdscr && !isendwin()) {
		curs_set(1);
		endwin();
	}
}

/* on_event
 * A host's rounds engine's events: keep its recent results, redraw at the next tick
 * when it is the host shown. */
static void on_event(void *arg, const struct mtr_ctl *host, enum rounds_event ev,
		     const struct rounds_info *info)
{
	struct mtr_view *v = arg;
	struct mtr_history *h = &v->hists[host->host_index];
	switch (ev) {
	case ROUNDS_SENT:
		mtr_history_sent(h, info->round, info->ttl);
		break;
	case ROUNDS_ANSWER:
		mtr_history_answer(h, info->round, info->ttl, info->rtt_ms);
		break;
	case ROUNDS_ROUND_DONE:
		mtr_history_round_done(h, info->round);
		break;
	default:
		break;
	}
	if (host == v->ctl)
		v->dirty = true;
}

/* show
 * Make host the one shown: its results, our address toward it. */
static void show(struct mtr_view *v, struct mtr_ctl *host)
{
	v->ctl = host;
	v->hist = &v->hists[host->host_index];
	/* the header's "(addr)" after our name; "" when there is no route */
	addr_to_str(&host->path.src, v->local_addr, sizeof(v->local_addr));
	v->offset = 0;
	v->dirty = true;
}

void mtr_curses_show_host(struct mtr_view *v)
{
	const struct mtr_ctl *from = v->ctl;
	struct mtr_ctl *to = &v->run->hosts[(from->host_index + 1) % v->run->n];
	if (to == from)
		return;
	memcpy(to->order, from->order, sizeof(to->order));
	to->display_mode = from->display_mode;
	to->dns = from->dns;
	to->mpls = from->mpls;
	show(v, to);
}

/* free_view
 * The view's memory (the terminal is the caller's). */
static void free_view(struct mtr_view *v)
{
	for (size_t i = 0; v->hists && i < v->run->n; i++)
		mtr_history_free(&v->hists[i]);
	free(v->hists);
	free(v);
}

/* on_tick
 * The redraw timer: draw when something changed or the clock's second did. */
static void on_tick(void *arg)
{
	struct mtr_view *v = arg;
	if (v->dirty || time(NULL) != v->drawn_at)
		mtr_display_draw(v);
	loop_timer_arm(v->ctl->loop, &v->tick, loop_now_ns() + TICK_NS, on_tick, v);
}

/* on_keys
 * stdin is readable: take every key there is (getch() never waits: nodelay), then
 * redraw at once. At end of input (a hang-up, or a wake-up without a key) stop
 * watching it; the view then runs until a signal or the count. */
static void on_keys(void *arg, int fd, uint32_t events)
{
	struct mtr_view *v = arg;
	int key, n = 0;
	while (!v->quit && (key = getch()) != ERR) {
		mtr_keys_handle(v, key);
		n++;
	}
	if (n == 0 || (events & (LOOP_HUP | LOOP_ERR)))
		loop_del_fd(v->ctl->loop, fd);
	if (v->quit)
		loop_stop(v->ctl->loop);
	else if (n)
		mtr_display_draw(v);
}

/* on_signal
 * SIGWINCH: take the new size and repaint everything; an end signal: leave. */
static void on_signal(void *arg, int signo)
{
	struct mtr_view *v = arg;
	struct winsize ws;
	if (signo != SIGWINCH) {
		v->quit = true;
		loop_stop(v->ctl->loop);
		return;
	}
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	clearok(curscr, TRUE);
	mtr_display_draw(v);
}

/* open_terminal
 * curses on stdout/stdin: no echo, keys one at a time without waiting, colours for
 * the latency scale. NULL when the terminal cannot be used. */
static SCREEN *open_terminal(void)
{
	SCREEN *scr = newterm(NULL, stdout, stdin);
	if (!scr)
		return NULL;
	set_term(scr);
	atexit(restore_terminal);
	cbreak();
	noecho();
	nodelay(stdscr, TRUE);
	intrflush(stdscr, FALSE);
	typeahead(-1); /* a key must not cut a repaint short: it is read on the loop's turn */
	if (has_colors() && start_color() == OK) {
		short bg = use_default_colors() == OK ? -1 : COLOR_BLACK;
		init_pair(MTR_PAIR_GREEN, COLOR_GREEN, bg);
		init_pair(MTR_PAIR_YELLOW, COLOR_YELLOW, bg);
		init_pair(MTR_PAIR_MAGENTA, COLOR_MAGENTA, bg);
		init_pair(MTR_PAIR_RED, COLOR_RED, bg);
	}
	return scr;
}

/* mtr_curses_open
 * The view's state and the terminal in curses mode; NULL when it cannot be used. */
struct mtr_view *mtr_curses_open(struct mtr_run *run)
{
	const struct rounds_config *rc = &run->hosts[0].rc;
	struct mtr_view *v = calloc(1, sizeof(*v)); /* the tick timer zero, as a new one */
	if (!v || !(v->hists = calloc(run->n, sizeof(*v->hists))))
		cli_die("memory", "%s", strerror(ENOMEM));
	v->run = run;
	for (size_t i = 0; i < run->n; i++)
		if (!mtr_history_init(&v->hists[i], rc->first_ttl, rc->max_ttl, MTR_VIEW_HISTORY))
			cli_die("memory", "%s", strerror(ENOMEM));
	show(v, &run->hosts[0]);
	v->term = open_terminal();
	if (!v->term) {
		free_view(v);
		return NULL;
	}
	return v;
}

/* mtr_curses_run
 * Probe and draw until q, a signal or the count; restore the terminal. */
void mtr_curses_run(struct mtr_view *v)
{
	struct mtr_ctl *ctl = v->ctl;
	for (size_t i = 0; i < v->run->n; i++) {
		v->run->hosts[i].view = v;
		v->run->hosts[i].view_event = on_event;
	}
	if (loop_watch_signal(ctl->loop, SIGWINCH, on_signal, v) < 0 ||
	    loop_watch_end_signals(ctl->loop, on_signal, v) < 0)
		cli_die("signals", "%s", strerror(errno)); /* atexit restores the terminal */
	/* stdin may be no terminal (< /dev/null): then there are no keys, and that is fine */
	bool keys = loop_add_fd(ctl->loop, STDIN_FILENO, LOOP_IN, on_keys, v) == 0;
	mtr_display_draw(v);
	loop_timer_arm(ctl->loop, &v->tick, loop_now_ns() + TICK_NS, on_tick, v);
	for (size_t i = 0; i < v->run->n; i++)
		rounds_start(v->run->hosts[i].rounds);
	int rc = loop_run(ctl->loop);
	int saved = errno;
	loop_timer_disarm(ctl->loop, &v->tick);
	if (keys)
		loop_del_fd(ctl->loop, STDIN_FILENO); /* harmless if on_keys already did */
	for (size_t i = 0; i < v->run->n; i++) {
		v->run->hosts[i].view_event = NULL;
		v->run->hosts[i].view = NULL;
	}
	curs_set(1);
	endwin();
	delscreen(v->term);
	free_view(v);
	if (rc < 0)
		cli_die("event loop", "%s", strerror(saved));
}
