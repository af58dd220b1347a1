/* keys.c — what a key does in mtr's live view, with mtr 0.95's letters. Nothing here
 * waits: the `o` prompt and the help are screens of the view that take one key per
 * call, while probing and redrawing go on. */
#include <ctype.h>
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "view.h"

#define CTL_KEY(c) ((c)&0x1f)
#define KEY_ESC 27

/* order_key
 * A key at the `o` prompt: field letters add up, Backspace takes one back, Enter
 * applies a non-empty list, Esc leaves the order as it was; anything else beeps. */
static void order_key(struct mtr_view *v, int key)
{
	struct mtr_ctl *ctl = v->ctl;
	if (key == '\n' || key == '\r' || key == KEY_ENTER) {
		if (v->input_len)
			snprintf(ctl->order, sizeof(ctl->order), "%s", v->input);
		v->screen = MTR_SCREEN_MAIN;
	} else if (key == KEY_ESC) {
		v->screen = MTR_SCREEN_MAIN;
	} else if (key == KEY_BACKSPACE || key == 127 || key == CTL_KEY('h')) {
		if (v->input_len)
			v->input[--v->input_len] = '\0';
	} else if (key > 0 && key < 256 && mtr_field((char)key) && v->input_len < MTR_MAX_FIELDS) {
		v->input[v->input_len++] = (char)key;
		v->input[v->input_len] = '\0';
	} else {
		beep();
	}
}

/* value_key
 * A key at a value prompt: digits, '-' and '.' add up, Backspace takes one back, Enter
 * applies, Esc leaves the value as it was; anything else beeps. */
static void value_key(struct mtr_view *v, int key)
{
	if (key == '\n' || key == '\r' || key == KEY_ENTER) {
		v->screen = MTR_SCREEN_MAIN;
		mtr_prompt_apply(v);
	} else if (key == KEY_ESC) {
		v->screen = MTR_SCREEN_MAIN;
	} else if (key == KEY_BACKSPACE || key == 127 || key == CTL_KEY('h')) {
		if (v->input_len)
			v->input[--v->input_len] = '\0';
	} else if (key > 0 && key < 256 && (isdigit(key) || key == '-' || key == '.') &&
		   v->input_len < MTR_MAX_FIELDS) {
		v->input[v->input_len++] = (char)key;
		v->input[v->input_len] = '\0';
	} else {
		beep();
	}
}

/* open_prompt
 * Ask for a number (i c f m s b Q). */
static void open_prompt(struct mtr_view *v, enum mtr_prompt p)
{
	v->input_len = 0;
	v->input[0] = '\0';
	v->prompt = p;
	v->screen = MTR_SCREEN_VALUE;
}

/* live_key
 * mtr 0.95's keys that change the probes or the AS field; false for any other key. */
static bool live_key(struct mtr_view *v, int key)
{
	/* clang-format off */
	static const struct {
		char key;
		enum mtr_prompt prompt;
	} prompts[] = {
		{'i', MTR_PROMPT_INTERVAL}, {'c', MTR_PROMPT_CYCLES}, {'f', MTR_PROMPT_FIRST},
		{'m', MTR_PROMPT_MAX}, {'s', MTR_PROMPT_SIZE}, {'b', MTR_PROMPT_PATTERN},
		{'Q', MTR_PROMPT_TOS},
	};
	/* clang-format on */
	struct mtr_ctl *ctl = v->ctl;
	int lower = key >= 0 && key < 256 && key != 'Q' ? tolower(key) : key;
	for (size_t i = 0; i < sizeof(prompts) / sizeof(prompts[0]); i++) {
		if (prompts[i].key == lower) {
			open_prompt(v, prompts[i].prompt);
			return true;
		}
	}
	enum probe_method m = ctl->rc.probe.method;
	if (lower == 'u' || lower == 't') {
		enum probe_method to = lower == 'u' ? PROBE_METHOD_UDP : PROBE_METHOD_TCP;
		mtr_live_method(v, m == to ? PROBE_METHOD_ICMP : to); /* mtr's: back to ICMP */
	} else if (lower == 'z') {
		mtr_live_ipinfo(v, ctl->ipinfo >= 0 ? -1 : ASN_F_AS);
	} else if (lower == 'y') {
		int last = ctl->asn_names ? ASN_F_NAME : ASN_F_ALLOCATED; /* names: with -y 5 */
		mtr_live_ipinfo(v, ctl->ipinfo >= last ? ASN_F_AS : ctl->ipinfo + 1);
	} else {
		return false;
	}
	return true;
}

/* main_key
 * A key on the main screen. Case does not matter, as in mtr, but for `Q` (the TOS
 * prompt, not quit). */
static void main_key(struct mtr_view *v, int key)
{
	struct mtr_ctl *ctl = v->ctl;
	v->message[0] = '\0';
	if (live_key(v, key))
		return;
	switch (key >= 0 && key < 256 ? tolower(key) : key) {
	case 'q':
	case CTL_KEY('c'):
		v->quit = true;
		break;
	case 'p':
	case CTL_KEY('s'):
		rounds_pause(ctl->rounds);
		break;
	case ' ':
	case CTL_KEY('q'):
		rounds_resume(ctl->rounds);
		break;
	case 'r':
		hops_reset(&ctl->hops);
		mtr_history_reset(v->hist);
		break;
	case 'd':
		ctl->display_mode = (ctl->display_mode + 1) % 3;
		break;
	case 'e':
		ctl->mpls = !ctl->mpls;
		break;
	case 'n':
		ctl->dns = !ctl->dns;
		break;
	case 'j':
		snprintf(ctl->order, sizeof(ctl->order), "%s",
			 strchr(ctl->order, 'N') ? MTR_JITTER_ORDER : MTR_DEFAULT_ORDER);
		break;
	case 'o':
		v->input_len = 0;
		v->input[0] = '\0';
		v->screen = MTR_SCREEN_ORDER;
		break;
	case '?':
	case 'h':
		v->screen = MTR_SCREEN_HELP;
		break;
	case '+':
		v->offset += 5; /* the drawing clamps it to the hops there are */
		break;
	case '-':
		v->offset = v->offset > 5 ? v->offset - 5 : 0;
		break;
	case CTL_KEY('l'):
		clearok(curscr, TRUE);
		break;
	case '\t':
		mtr_curses_show_host(v);
		break;
	default:
		return;
	}
}

/* mtr_keys_handle
 * One key: to the help (any key leaves it), the prompt, or the main screen. */
void mtr_keys_handle(struct mtr_view *v, int key)
{
	if (key == ERR || key == KEY_RESIZE)
		return;
	v->dirty = true;
	if (v->screen == MTR_SCREEN_HELP)
		v->screen = MTR_SCREEN_MAIN; /* any key goes back */
	else if (v->screen == MTR_SCREEN_ORDER)
		order_key(v, key);
	else if (v->screen == MTR_SCREEN_VALUE)
		value_key(v, key);
	else
		main_key(v, key);
}
