package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"

	"go.temporal.io/sdk/client"

	"livechat/config"
	"livechat/worker"
)

// TemporalUIPort is where the dev server's Temporal UI listens.
const TemporalUIPort = "8233"

// devTemporal is a Temporal dev server started by `livechat dev`, or nil
// when an existing server answered.
type devTemporal struct {
	cmd  *exec.Cmd
	done chan struct{} // closed when the process has exited
	err  error         // its exit status, once done is closed
	ui   bool          // whether it serves Temporal UI on TemporalUIPort
}

// startOrReuseTemporal returns a client to the Temporal server at the
// configured address, starting a dev server (SQLite file in the data dir,
// UI on :8233, chat search attributes registered) if none answers.
func startOrReuseTemporal(ctx context.Context, cfg config.Config, log *slog.Logger) (client.Client, *devTemporal, error) {
	if c, err := dialQuick(ctx, cfg, log); err == nil {
		log.Info("reusing the Temporal server that answers", "address", cfg.TemporalAddress)
		return c, nil, worker.EnsureSearchAttributes(ctx, c, cfg.TemporalNamespace)
	}
	bin, err := worker.FindTemporalCLI()
	if err != nil {
		return nil, nil, err
	}
	host, port, err := net.SplitHostPort(cfg.TemporalAddress)
	if err != nil {
		return nil, nil, fmt.Errorf("LIVECHAT_TEMPORAL_ADDRESS %q: %w", cfg.TemporalAddress, err)
	}
	args := []string{"server", "start-dev",
		"--db-filename", filepath.Join(cfg.DataDir, "temporal.db"),
		"--ip", host, "--port", port,
		"--namespace", cfg.TemporalNamespace,
		"--sqlite-pragma", "journal_mode=wal", "--sqlite-pragma", "synchronous=normal",
		"--log-level", "warn",
	}
	args = append(args, worker.DevServerSearchAttributeFlags()...)
	args = append(args, worker.DevServerTuningFlags()...)
	ui := portFree(TemporalUIPort)
	if ui {
		args = append(args, "--ui-port", TemporalUIPort)
	} else {
		log.Warn("port " + TemporalUIPort + " is in use: starting Temporal without its UI")
		args = append(args, "--headless")
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "TEMPORAL_VERSION_CHECK_DISABLED=1")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	setChildAttrs(cmd)
	if err := cmd.Start(); err != nil {
		return nil, nil, fmt.Errorf("start Temporal dev server: %w", err)
	}
	dt := &devTemporal{cmd: cmd, done: make(chan struct{}), ui: ui}
	go func() {
		dt.err = cmd.Wait()
		close(dt.done)
	}()
	log.Info("starting Temporal dev server", "address", cfg.TemporalAddress, "db", filepath.Join(cfg.DataDir, "temporal.db"))

	deadline := time.Now().Add(90 * time.Second)
	for {
		if c, err := dialQuick(ctx, cfg, log); err == nil {
			return c, dt, worker.EnsureSearchAttributes(ctx, c, cfg.TemporalNamespace)
		}
		select {
		case <-dt.done:
			return nil, nil, fmt.Errorf("Temporal dev server exited: %w", dt.err)
		case <-ctx.Done():
			dt.stop()
			return nil, nil, ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			dt.stop()
			return nil, nil, errors.New("Temporal dev server did not answer within 90s")
		}
	}
}

func dialQuick(ctx context.Context, cfg config.Config, log *slog.Logger) (client.Client, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	return dialTemporal(ctx, cfg, log)
}

// stop ends the dev server and everything it started: SIGTERM to its
// process group, SIGKILL after 10 seconds.
func (d *devTemporal) stop() {
	if d == nil {
		return
	}
	_ = syscall.Kill(-d.cmd.Process.Pid, syscall.SIGTERM)
	select {
	case <-d.done:
	case <-time.After(10 * time.Second):
		_ = syscall.Kill(-d.cmd.Process.Pid, syscall.SIGKILL)
		<-d.done
	}
}

// portFree reports whether nothing listens on the local TCP port.
func portFree(port string) bool {
	ln, err := net.Listen("tcp", "127.0.0.1:"+port)
	if err != nil {
		return false
	}
	_ = ln.Close()
	return true
}
