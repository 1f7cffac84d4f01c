package main

// `livechat-bench messaging`: a load generator for the real-time path.
// Visitors (widget sockets) and agents (console sockets) exchange messages
// at a fixed total rate, half each way; each message carries its own id,
// and the bench measures the time from writing the send frame to the
// message.created frame on the other side's socket, and checks that every
// stored message reaches the other side exactly once.

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"
	"time"
)

// Goals of the messaging benchmark (reported, never asserted).
const goalDeliveryP99Ms = 50

// Limits of the API the sizes must respect (api/localrate.go, api/ws.go,
// team capacity): the bench measures delivery, not the rate limiter.
const (
	visitorMsgPerSec  = 1.0  // per visitor, on average
	agentFramesPerSec = 20.0 // per socket
	maxTeamCapacity   = 100
)

type msgOptions struct {
	url, email, password string
	out                  string
	chats, agents        int
	rate                 float64
	duration, drain      time.Duration
	concurrency          int
	quick, keep          bool
	apiPID, workerPID    int
	temporalPID          int
	timeout              time.Duration
}

// msgQuickSizes replace the defaults of -quick runs (explicit flags win).
var msgQuickSizes = map[string]string{"chats": "50", "rate": "50", "duration": "15s", "agents": "5"}

func parseMessagingFlags(args []string) (msgOptions, error) {
	var o msgOptions
	fs := flag.NewFlagSet("livechat-bench messaging", flag.ContinueOnError)
	fs.StringVar(&o.url, "url", "http://127.0.0.1:8080", "base URL of the Livechat API (loopback only); it must trust X-Forwarded-For from 127.0.0.1 (LIVECHAT_TRUSTED_PROXIES=127.0.0.1)")
	fs.StringVar(&o.email, "email", "owner@demo.livechat.local", "email of an owner or admin of the organisation to run in")
	fs.StringVar(&o.password, "password", "livechat-demo", "password of -email")
	fs.StringVar(&o.out, "out", "", "report path (default bench/results/messaging-<UTC date-time>.json)")
	fs.IntVar(&o.chats, "chats", 1000, "visitors, each with an open chat and a socket")
	fs.IntVar(&o.agents, "agents", 200, "online agents in the round robin team, each with a console socket (200 for 1,000 chats: 5 chats each, a support agent's usual load)")
	fs.Float64Var(&o.rate, "rate", 500, "messages a second in total, half visitor → agent and half agent → visitor")
	fs.DurationVar(&o.duration, "duration", time.Minute, "how long messages are sent")
	fs.DurationVar(&o.drain, "drain", 15*time.Second, "after the last send, how long to wait for messages still on their way")
	fs.IntVar(&o.concurrency, "concurrency", 32, "visitors and agents set up at once")
	fs.BoolVar(&o.quick, "quick", false, "small sizes: 50 chats, 5 agents, 50 messages/s for 15 s")
	fs.BoolVar(&o.keep, "keep", false, "skip the clean-up: leave the chats open, the agents online and the widget (for a stack thrown away after the run; scripts/bench.sh passes it for its own)")
	fs.IntVar(&o.apiPID, "api-pid", 0, "pid of the API process (`livechat api` or `livechat dev`): its resident memory is reported")
	fs.IntVar(&o.workerPID, "worker-pid", 0, "pid of the worker process: its CPU and memory while sending are reported")
	fs.IntVar(&o.temporalPID, "temporal-pid", 0, "pid of the Temporal server: its resident memory is reported")
	fs.DurationVar(&o.timeout, "timeout", 30*time.Minute, "stop after this long (cleanup has its own bound)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments %v", fs.Args())
	}
	if o.quick {
		applyQuick(fs, msgQuickSizes)
	}
	return o, o.validate()
}

func (o msgOptions) validate() error {
	switch {
	case o.chats < 1 || o.chats > 20000:
		return fmt.Errorf("-chats %d: want 1 to 20000", o.chats)
	case o.agents < 1 || o.agents > 500:
		return fmt.Errorf("-agents %d: want 1 to 500", o.agents)
	case o.rate <= 0 || o.rate > 5000:
		return fmt.Errorf("-rate %g: want more than 0, at most 5000 a second", o.rate)
	case o.duration < time.Second || o.duration > time.Hour:
		return fmt.Errorf("-duration %s: want 1s to 1h", o.duration)
	case o.drain < 0 || o.drain > 10*time.Minute:
		return fmt.Errorf("-drain %s: want 0 to 10m", o.drain)
	case o.concurrency < 1 || o.concurrency > 256:
		return fmt.Errorf("-concurrency %d: want 1 to 256", o.concurrency)
	case o.timeout <= 0:
		return errors.New("-timeout must be positive")
	}
	if need := (o.chats + o.agents - 1) / o.agents; need > maxTeamCapacity {
		return fmt.Errorf("%d chats over %d agents is %d chats each, over the team capacity limit of %d: use at least %d agents",
			o.chats, o.agents, need, maxTeamCapacity, (o.chats+maxTeamCapacity-1)/maxTeamCapacity)
	}
	// Stay clearly under the API's flood limits, so every refusal the bench
	// sees is a finding rather than its own doing.
	if per := o.rate / 2 / float64(o.chats); per > 0.9*visitorMsgPerSec {
		return fmt.Errorf("-rate %g over %d chats is %.2f messages a second per visitor, over the visitor limit (%g/s): use at least %d chats",
			o.rate, o.chats, per, visitorMsgPerSec, int(math.Ceil(o.rate/2/(0.9*visitorMsgPerSec))))
	}
	if per := o.rate / 2 / float64(o.agents); per > 0.75*agentFramesPerSec {
		return fmt.Errorf("-rate %g over %d agents is %.1f frames a second per console socket, near its limit (%g/s): use at least %d agents",
			o.rate, o.agents, per, agentFramesPerSec, int(math.Ceil(o.rate/2/(0.75*agentFramesPerSec))))
	}
	if err := checkLoopback(o.url); err != nil {
		return err
	}
	for name, pid := range map[string]int{"api-pid": o.apiPID, "worker-pid": o.workerPID, "temporal-pid": o.temporalPID} {
		if pid == 0 {
			continue
		}
		if _, err := os.Stat(fmt.Sprintf("/proc/%d/status", pid)); err != nil {
			return fmt.Errorf("-%s %d: %w", name, pid, err)
		}
	}
	return nil
}

// messagingMain runs `livechat-bench messaging …` and returns the exit
// status: 0 when it ran (goals met or not), 1 when it could not run, 2 on
// bad flags, 3 when a message was lost or duplicated.
func messagingMain(args []string) int {
	o, err := parseMessagingFlags(args)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "livechat-bench messaging:", err)
		return 2
	}
	return runMessaging(o)
}

// msgAgent is one agent of the run.
type msgAgent struct {
	i     int
	s     *session
	ip    string
	sock  *socket
	chats int
}

// msgVisitor is one visitor and their chat.
type msgVisitor struct {
	i       int
	ip      string
	token   string
	chatID  string
	agent   *msgAgent
	sock    *socket
	mu      sync.Mutex
	status  map[string]string // chat id → last status seen on the socket
	changed chan struct{}
}

// msgBench is one messaging run.
type msgBench struct {
	o        msgOptions
	c        *client
	life     context.Context // the run's: sockets live and reconnect within it
	run, tag string
	owner    *session
	teamID   string
	widget   struct{ id, key string }
	capacity int

	agents   []*msgAgent
	byUserID map[string]*msgAgent
	visitors []*msgVisitor

	stats    socketStats
	frameErr counter // error frames by code, and other anomalies
	tr       *tracker
	setupMu  sync.Mutex
	rep      *messagingReport
}

func runMessaging(o msgOptions) int {
	started := time.Now().UTC()
	if o.out == "" {
		o.out = filepath.Join("bench", "results", "messaging-"+started.Format("20060102T150405Z")+".json")
	}
	runCtx, stopRun := context.WithTimeoutCause(context.Background(), o.timeout, errors.New("-timeout reached"))
	defer stopRun()
	cleanupCtx, stopCleanup := context.WithTimeout(context.Background(), o.timeout+30*time.Minute)
	defer stopCleanup()
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	go func() {
		if _, ok := <-sigs; !ok {
			return
		}
		logf("interrupted: stopping, cleaning up (interrupt again to skip cleanup)")
		stopRun()
		if _, ok := <-sigs; ok {
			stopCleanup()
		}
	}()

	c := newClient(o.url, o.concurrency+16)
	if err := ready(runCtx, c); err != nil {
		fmt.Fprintf(os.Stderr, "livechat-bench messaging: %v\n(start the stack with `scripts/bench.sh messaging`, which also trusts X-Forwarded-For from 127.0.0.1)\n", err)
		return 1
	}
	b := &msgBench{o: o, c: c, run: "bench-" + started.Format("20060102-150405"), tag: "m" + started.Format("150405"),
		byUserID: map[string]*msgAgent{}, tr: newTracker(started), life: runCtx}
	b.rep = newMessagingReport(o, started)
	mem := newMemWatch(o.apiPID, o.temporalPID)
	mem.mark("before")
	logf("messaging run %s against %s: %d chats, %d agents, %g messages/s for %s", b.run, o.url, o.chats, o.agents, o.rate, o.duration)

	setupStart := time.Now()
	err := b.setup(runCtx)
	b.rep.Setup.Seconds = seconds(time.Since(setupStart))
	if err != nil {
		logf("setup failed: %v", err)
		b.rep.Failures = append(b.rep.Failures, "setup: "+err.Error())
	} else {
		mem.mark("sockets_open")
		b.exchange(runCtx, mem)
		mem.mark("after")
	}
	if o.keep {
		b.rep.Cleanup = "skipped (-keep)"
	} else {
		b.cleanup(cleanupCtx)
	}
	b.rep.Memory = mem.report()
	if len(b.rep.Memory) == 0 {
		b.rep.MemoryNote = "API memory not measured (pass -api-pid; scripts/bench.sh does when it starts the stack; the API exposes no memory metric)"
	}
	b.rep.finish(b)

	printMessaging(os.Stdout, b.rep)
	if err := writeReport(o.out, b.rep); err != nil {
		fmt.Fprintln(os.Stderr, "livechat-bench messaging: write report:", err)
		return 1
	}
	fmt.Printf("\nreport written to %s\n", o.out)
	switch {
	case len(b.rep.Failures) > 0:
		return 1
	case !b.rep.ChecksPassed:
		return 3
	}
	return 0
}

// visitorFrame handles a frame of a visitor's socket (reader goroutine).
func (b *msgBench) visitorFrame(v *msgVisitor, f *inFrame, at time.Time) {
	switch f.Type {
	case "message.created":
		d, err := f.data()
		if err != nil || d.Message == nil {
			b.frameErr.inc("visitor: unreadable message.created")
			return
		}
		if d.Message.SenderKind != "agent" {
			return // the visitor's own messages, system messages
		}
		if id := benchID(d.Message.Body); id != "" {
			b.tr.received(id, d.Message.ID, visitorReceiver(d.Message.ChatID, v.i), at)
		}
	case "chat.updated":
		d, _ := f.data()
		v.mu.Lock()
		prev := v.status[f.ChatID]
		v.status[f.ChatID] = d.Status
		measuring := v.agent != nil
		v.mu.Unlock()
		select {
		case v.changed <- struct{}{}:
		default:
		}
		if measuring && prev == "assigned" && d.Status != "assigned" {
			b.frameErr.inc("chat left assigned while measuring: " + d.Status)
		}
	case "ack":
		b.ack(f)
	case "error":
		b.errorFrame("visitor", f)
	case "resync_required":
		b.frameErr.inc("visitor: resync_required")
	}
}

// agentFrame handles a frame of an agent's console socket.
func (b *msgBench) agentFrame(a *msgAgent, f *inFrame, at time.Time) {
	switch f.Type {
	case "message.created":
		d, err := f.data()
		if err != nil || d.Message == nil {
			b.frameErr.inc("agent: unreadable message.created")
			return
		}
		if d.Message.SenderKind != "contact" {
			return
		}
		if id := benchID(d.Message.Body); id != "" {
			b.tr.received(id, d.Message.ID, agentReceiver(d.Message.ChatID, a.s.userID), at)
		}
	case "ack":
		b.ack(f)
	case "error":
		b.errorFrame("agent", f)
	case "resync_required":
		b.frameErr.inc("agent: resync_required")
	}
}

func (b *msgBench) ack(f *inFrame) {
	d, err := f.data()
	if err != nil || d.Message == nil {
		b.frameErr.inc("ack without a message")
		return
	}
	b.tr.acked(f.Ref, d.Message.ID, time.Now())
}

func (b *msgBench) errorFrame(side string, f *inFrame) {
	code := "unknown"
	if f.Error != nil {
		code = f.Error.Code
	}
	b.frameErr.inc(side + " error frame: " + code)
	if f.Ref != "" {
		b.tr.refused(f.Ref)
	}
}

// Receivers name the socket a message must reach: the chat's visitor, or
// the chat's agent.
func visitorReceiver(chatID string, i int) string { return fmt.Sprintf("visitor %d:%s", i, chatID) }
func agentReceiver(chatID, userID string) string  { return "agent " + userID + ":" + chatID }

// sendJob is one message the pacer hands to a sender.
type sendJob struct {
	dir direction
	n   int
	v   *msgVisitor
}

// senders write the paced messages; a handful is enough, since writing a
// frame only waits for the local socket.
const senders = 32

// exchange sends the messages at the set rate, half each way, then waits
// for the ones still on their way.
func (b *msgBench) exchange(ctx context.Context, mem *memWatch) {
	lo, hi := b.o.chats, 0
	for _, a := range b.agents {
		lo, hi = min(lo, a.chats), max(hi, a.chats)
	}
	b.rep.Setup.ChatsPerAgentMin, b.rep.Setup.ChatsPerAgentMax, b.rep.Setup.Capacity = lo, hi, b.capacity
	b.rep.Setup.Chats = len(b.visitors)

	start := time.Now()
	b.tr.restart(start)
	perDir := b.o.rate / 2
	total := int(math.Round(perDir * b.o.duration.Seconds()))
	logf("exchanging messages: %g/s each way for %s (%d each way)", perDir, b.o.duration, total)
	// CPU and memory of the processes while messages flow (and, the stack
	// being here, PostgreSQL's CPU).
	res := newSampler(ctx, nil, sampledProcesses(options{apiPID: b.o.apiPID, workerPID: b.o.workerPID, temporalPID: b.o.temporalPID}), sampleEvery)
	jobs := make(chan sendJob, 4096)
	var wg sync.WaitGroup
	for range senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				b.send(j)
			}
		}()
	}
	var sent sync.WaitGroup
	var lastSend [2]time.Time
	for d, offset := range []int{0, len(b.visitors) / 2} {
		sent.Add(1)
		go func() {
			defer sent.Done()
			lastSend[d] = pace(ctx, start, perDir, total, func(n int) bool {
				select {
				case jobs <- sendJob{dir: direction(d), n: n, v: b.visitors[(n+offset)%len(b.visitors)]}:
					return true
				case <-ctx.Done():
					return false
				}
			})
		}()
	}
	stop := progress("messages sent", 2*total, func() int {
		b.tr.mu.Lock()
		defer b.tr.mu.Unlock()
		return len(b.tr.recs)
	}, 5*time.Second)
	sent.Wait()
	close(jobs)
	wg.Wait()
	stop()
	sendEnd := lastSend[0]
	if lastSend[1].After(sendEnd) {
		sendEnd = lastSend[1]
	}
	b.rep.SendSeconds = seconds(sendEnd.Sub(start))

	// Drain: wait for what is still on its way.
	drainStart := time.Now()
	for b.tr.outstanding() > 0 && time.Since(drainStart) < b.o.drain && ctx.Err() == nil {
		sleep(ctx, 50*time.Millisecond)
	}
	b.rep.DrainSeconds = seconds(time.Since(drainStart))
	b.rep.Resources = res.stop()
	mem.whileSending(b.rep.Resources)
	secs := int(math.Ceil(b.o.duration.Seconds()))
	b.rep.DeliveredPerSecond = b.tr.deliveriesPerSecond(secs)
	if ctx.Err() != nil {
		b.rep.Failures = append(b.rep.Failures, "exchange stopped early: "+context.Cause(ctx).Error())
	}
}

// pace calls emit(n) for n in [0, total) at perSec a second from start:
// a ticker wakes it, and each wake-up emits what is due by then, so late
// ticks catch up instead of lowering the rate. It returns the time of the
// last emit.
func pace(ctx context.Context, start time.Time, perSec float64, total int, emit func(n int) bool) time.Time {
	t := time.NewTicker(5 * time.Millisecond)
	defer t.Stop()
	n := 0
	last := start
	for n < total {
		due := min(total, int(time.Since(start).Seconds()*perSec)+1)
		for ; n < due; n++ {
			if !emit(n) {
				return last
			}
			last = time.Now()
		}
		if n >= total {
			break
		}
		select {
		case <-ctx.Done():
			return last
		case <-t.C:
		}
	}
	return last
}

// send writes one measured message on the sending side's socket.
func (b *msgBench) send(j sendJob) {
	v := j.v
	id := fmt.Sprintf("%s-v%06d", b.tag, j.n)
	sock, want := v.sock, agentReceiver(v.chatID, v.agent.s.userID)
	if j.dir == toVisitor {
		id = fmt.Sprintf("%s-a%06d", b.tag, j.n)
		sock, want = v.agent.sock, visitorReceiver(v.chatID, v.i)
	}
	b.tr.sending(id, j.dir, want)
	frame := sendFrame{Type: "send", Ref: id, ChatID: v.chatID, Body: messageBody(id, time.Now()), IdempotencyKey: id}
	if err := sock.write(frame); err != nil {
		b.tr.writeFailed(id)
		b.frameErr.inc(fmt.Sprintf("%s: write failed", j.dir))
	}
}

// cleanup closes the sockets, ends the chats, puts the agents offline and
// deletes the widget. The team and the (offline) agents stay.
func (b *msgBench) cleanup(ctx context.Context) {
	for _, v := range b.visitors {
		if v != nil && v.sock != nil {
			v.sock.close()
		}
	}
	for _, a := range b.agents {
		if a != nil && a.sock != nil {
			a.sock.close()
		}
	}
	var ids []string
	for _, v := range b.visitors {
		if v != nil && v.chatID != "" {
			ids = append(ids, v.chatID)
		}
	}
	if len(ids) > 0 && b.owner != nil {
		logf("ending the %d chats", len(ids))
		var failed counter
		var mu sync.Mutex
		ended, retried := 0, 0
		end := func(ctx context.Context, id string) error {
			err := b.c.call(ctx, b.owner, http.MethodPost, "/api/v1/chats/"+id+"/end", nil, nil)
			var ae *apiError
			if errors.As(err, &ae) && ae.Code == "chat_ended" {
				return nil
			}
			return err
		}
		runPool(ctx, len(ids), b.o.concurrency, func(ctx context.Context, i int) {
			err := end(ctx, ids[i])
			if err != nil {
				// Reported, then tried once more so the chat does not stay open.
				failed.inc(errorKey(err))
				logf("cleanup: end chat %s: %v (trying again)", ids[i], err)
				sleep(ctx, time.Second)
				if err = end(ctx, ids[i]); err != nil {
					logf("cleanup: end chat %s again: %v", ids[i], err)
					return
				}
				mu.Lock()
				retried++
				mu.Unlock()
			}
			mu.Lock()
			ended++
			mu.Unlock()
		})
		b.rep.Cleanup = fmt.Sprintf("ended %d of %d chats (%d on a second try); first-try errors %s", ended, len(ids), retried, errs(failed.snapshot()))
	}
	for _, a := range b.agents {
		if a == nil || a.s == nil {
			continue
		}
		if err := b.c.call(ctx, fromIP{a.s, a.ip}, http.MethodPut, "/api/v1/me/presence", map[string]string{"status": "offline"}, nil); err != nil {
			logf("cleanup: set agent %d offline: %v", a.i+1, err)
		}
	}
	if b.widget.id != "" {
		if err := b.c.call(ctx, b.owner, http.MethodDelete, "/api/v1/widgets/"+b.widget.id, nil, nil); err != nil {
			logf("cleanup: delete the bench widget: %v", err)
		}
	}
}
