/* main.c - start-up, options and shut-down */
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "config.h"
#include "core.h"
#include "fsutil.h"
#include "log.h"
#include "loop.h"
#include "session.h"
#include "settings.h"
#include "timer.h"
#include "ui.h"
#include "xmalloc.h"

struct options {
	const char *account;
	const char *config;
	char **commands;
	size_t ncommands;
	bool verbose;
};

/* Print the usage summary. */
static void usage(FILE *out)
{
	fprintf(out, "usage: natter [-v] [-a NAME] [-c FILE] [-e COMMAND]...\n"
	             "  -a NAME      use the account NAME of the config file (its /account "
	             "block)\n"
	             "  -c FILE      run FILE's /commands at start instead of "
	             "$XDG_CONFIG_HOME/natter/natterrc\n"
	             "  -e COMMAND   run COMMAND after the config file (repeatable)\n"
	             "  -v           write debug.log and xml.log to $XDG_STATE_HOME/natter/\n"
	             "  --version    print the version\n"
	             "  --help       print this help\n");
}

/* Parse the command line; exits for --help, --version and errors. */
static void parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
	    {"help", no_argument, NULL, 'h'}, {"version", no_argument, NULL, 'V'}, {0, 0, 0, 0}};
	o->commands = xcalloc((size_t)argc + 1, sizeof(char *));
	int c;
	while ((c = getopt_long(argc, argv, "a:c:e:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			o->account = optarg;
			break;
		case 'c':
			o->config = optarg;
			break;
		case 'e':
			o->commands[o->ncommands++] = optarg;
			break;
		case 'v':
			o->verbose = true;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case 'V':
			printf("natter %s\n", NATTER_VERSION);
			exit(0);
		default:
			usage(stderr);
			exit(2);
		}
	}
	if (optind < argc) {
		fprintf(stderr, "natter: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		exit(2);
	}
}

/* -v: open debug.log and xml.log under $XDG_STATE_HOME/natter (0700/0600). */
static void open_logs(void)
{
	char *dir = xdg_dir("XDG_STATE_HOME", ".local/state");
	if (mkdir_p(dir, 0700) < 0) {
		fprintf(stderr, "natter: cannot create %s: %s\n", dir, strerror(errno));
		free(dir);
		return;
	}
	char *debug = xasprintf("%s/debug.log", dir);
	char *xml = xasprintf("%s/xml.log", dir);
	if (log_open(debug) < 0 || session_rawlog_open(xml) < 0)
		fprintf(stderr, "natter: cannot open the logs in %s: %s\n", dir, strerror(errno));
	log_debug("natter %s started", NATTER_VERSION);
	free(debug);
	free(xml);
	free(dir);
}

/* Run the config file (the account chosen with -a), then each -e command. */
static void run_startup_commands(const struct options *o)
{
	config_select_account(o->account);
	if (o->config) {
		config_run_file(o->config, 0);
	} else {
		char *path = config_default_path();
		config_run_file(path, 1);
		free(path);
	}
	config_check_selected();
	for (size_t i = 0; i < o->ncommands; i++) {
		struct cmd_source src = {"-e", (int)i + 1};
		cmd_run_line(o->commands[i], &src);
	}
}

int main(int argc, char **argv)
{
	struct options o = {0};
	setlocale(LC_ALL, "");
	parse_options(argc, argv, &o);
	if (o.verbose)
		open_logs();
	session_init();
	if (ui_init() < 0) {
		fprintf(stderr, "natter: cannot start the terminal interface\n");
		return 1;
	}
	loop_init();
	core_info("natter %s — /help lists the commands", NATTER_VERSION);
	run_startup_commands(&o);
	int status = loop_run();
	core_disconnect();
	session_shutdown();
	ui_shutdown();
	timer_clear();
	core_free_all();
	settings_free_all();
	config_free_all();
	log_close();
	free(o.commands);
	return status;
}
