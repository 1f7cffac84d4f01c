// Command livechat runs Livechat: the HTTP API, the Temporal worker, the
// database migrations, or the whole local stack in one process.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"livechat/config"
)

// version is set at build time (-ldflags "-X main.version=...").
var version = "dev"

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, cfg config.Config) error
}

var commands = []command{
	{"api", "serve the JSON API under /api/v1, the WebSockets, the web app and the widget (HTTP on LIVECHAT_HTTP_ADDR)", runAPI},
	{"worker", "run the Temporal worker: chat workflows and their activities (task queue LIVECHAT_TASK_QUEUE)", runWorker},
	{"migrate", "apply the embedded, numbered SQL migrations to LIVECHAT_DATABASE_URL and exit", runMigrate},
	{"seed", "create the demo organisation (logins, Inbox team, widget) in a migrated database if missing, and print its logins", runSeed},
	{"dev", "the one-command local stack: Temporal dev server (UI on :8233), migrations, worker and API in one process, demo data", runDev},
	{"healthcheck", "GET /healthz of the API on LIVECHAT_HTTP_ADDR; exit 0 when healthy (for container healthchecks)", runHealthcheck},
}

func usage() {
	fmt.Fprintf(os.Stderr, `livechat %s — live chat for support and sales teams, on Temporal.

Usage: livechat <command>

Commands:
`, version)
	for _, c := range commands {
		fmt.Fprintf(os.Stderr, "  %-12s %s\n", c.name, c.summary)
	}
	fmt.Fprint(os.Stderr, "\nConfiguration comes from environment variables:\n\n")
	for _, v := range config.Vars {
		def := v.Default
		if def == "" {
			def = "(empty)"
		}
		fmt.Fprintf(os.Stderr, "  %-28s %s\n  %-28s default: %s\n", v.Name, v.Help, "", def)
	}
}

func main() {
	if len(os.Args) < 2 {
		usage()
		os.Exit(2)
	}
	name := os.Args[1]
	if name == "help" || name == "-h" || name == "--help" {
		usage()
		return
	}
	for _, c := range commands {
		if c.name != name {
			continue
		}
		if len(os.Args) > 2 {
			usage()
			os.Exit(2)
		}
		cfg, err := config.Load()
		if err != nil {
			fmt.Fprintln(os.Stderr, "livechat: configuration:", err)
			os.Exit(2)
		}
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		err = c.run(ctx, cfg)
		stop()
		if err != nil {
			fmt.Fprintln(os.Stderr, "livechat "+name+":", err)
			os.Exit(1)
		}
		return
	}
	fmt.Fprintf(os.Stderr, "livechat: unknown command %q\n\n", name)
	usage()
	os.Exit(2)
}
