package main

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"time"

	"livechat/config"
)

// pprofServer serves Go's runtime profiles (net/http/pprof) on a listener of
// its own, never on the API's port: LIVECHAT_PPROF_ADDR, loopback only.
type pprofServer struct {
	srv  *http.Server
	ln   net.Listener
	done chan struct{}
}

// startPprof listens on addr and serves /debug/pprof/ until stop. An empty
// addr means profiling is off: it returns nil, whose stop does nothing. The
// address is checked again here (config.Load checks it first), so no caller
// can expose the profiles beyond this machine.
func startPprof(addr string, log *slog.Logger) (*pprofServer, error) {
	if addr == "" {
		return nil, nil
	}
	if err := config.CheckLoopbackAddr(addr); err != nil {
		return nil, fmt.Errorf("LIVECHAT_PPROF_ADDR: %w", err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("pprof listener: %w", err)
	}
	// Our own mux: the package's init also registers these on
	// http.DefaultServeMux, which nothing in Livechat serves.
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index) // heap, goroutine, allocs, … by name
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	p := &pprofServer{
		// No WriteTimeout: a CPU profile or trace answers after ?seconds=N.
		srv:  &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second},
		ln:   ln,
		done: make(chan struct{}),
	}
	go func() {
		defer close(p.done)
		if err := p.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("pprof listener stopped", "err", err)
		}
	}()
	log.Info("pprof listening", "addr", ln.Addr().String(), "path", "/debug/pprof/")
	return p, nil
}

// addr is the address the profiles are served on ("" when off).
func (p *pprofServer) addr() string {
	if p == nil {
		return ""
	}
	return p.ln.Addr().String()
}

// stop closes the listener and any profile being taken, and waits for the
// server to return.
func (p *pprofServer) stop() {
	if p == nil {
		return
	}
	_ = p.srv.Close()
	<-p.done
}
