package fake

import (
	"container/heap"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gantryhq/gantry/runtime"
	"github.com/gantryhq/gantry/runtime/images"
	"github.com/gantryhq/gantry/runtime/logs"
)

// Script describes how a fake container behaves. The zero Script runs until
// stopped, exits 143 on SIGTERM, prints nothing and knows no exec command.
type Script struct {
	// StartDelay keeps a started container Created this long before it is
	// Running (a slow start).
	StartDelay time.Duration
	// ExitAfter makes the container exit by itself with ExitCode this long
	// after it is Running (0: it runs until stopped).
	ExitAfter time.Duration
	ExitCode  int
	// CrashLoop makes the container exit with ExitCode as soon as it runs.
	CrashLoop bool
	// OOM makes the exit (after ExitAfter, or at once with CrashLoop) an
	// OOM kill: exit code 137, reason OOMKilled.
	OOM bool
	// IgnoreSIGTERM makes StopContainer wait its whole timeout and SIGKILL
	// the container (exit code 137).
	IgnoreSIGTERM bool
	// Logs are printed when the container is Running.
	Logs []LogLine
	// Exec answers exec commands, keyed by the command's words joined with
	// single spaces. An unknown command exits 127.
	Exec map[string]ExecResult
	// MemoryBytes and CPUNanosPerSecond are what ContainerStats reports.
	MemoryBytes       uint64
	CPUNanosPerSecond uint64
}

// LogLine is one line a scripted container prints.
type LogLine struct {
	Stream logs.Stream // default stdout
	Text   string
}

// ExecResult is what a scripted exec command does.
type ExecResult struct {
	Stdout   string
	Stderr   string
	ExitCode int
	// Duration is how long the command runs.
	Duration time.Duration
	// EchoStdin copies a streaming exec's stdin to its stdout (like cat)
	// before Stdout is written.
	EchoStdin bool
}

// Options configures a fake Runtime. The zero value is usable.
type Options struct {
	// Clock drives every timed transition (default: RealClock).
	Clock Clock
	// PodCIDR is the range sandbox IPs come from (default 10.42.0.0/16);
	// the network address and the first host address (the gateway) are
	// never given out.
	PodCIDR string
	// Images are present from the start, each with a synthetic id.
	Images []string
	// Scripts are keyed by container name or by image reference; a
	// container's name is looked up first.
	Scripts map[string]Script
	// Version is reported as the runtime version (default "0.1.0").
	Version string
}

// Runtime is the fake runtime. It is safe for concurrent use.
type Runtime struct {
	clock   Clock
	version string

	mu         sync.Mutex
	seq        uint64
	pid        int
	sandboxes  map[string]*sandbox
	sbByName   map[string]*sandbox
	containers map[string]*container
	images     map[string]*image // by id
	tags       map[string]string // normalized tag → id
	scripts    map[string]*Script
	conditions []runtime.RuntimeCondition

	// ipam
	prefix netip.Prefix
	nextIP netip.Addr
	freeIP []netip.Addr

	// the timed transitions, one clock timer for the earliest
	events  eventHeap
	timer   Timer
	timerAt time.Time
	closed  bool
}

var _ runtime.Runtime = (*Runtime)(nil)

type sandbox struct {
	id         string
	key        string
	seq        uint64
	cfg        *runtime.SandboxConfig
	state      runtime.SandboxState
	createdAt  time.Time
	ip         netip.Addr
	containers []*container
}

type container struct {
	id        string
	seq       uint64
	sb        *sandbox
	cfg       *runtime.ContainerConfig
	imageRef  string
	script    *Script
	state     runtime.ContainerState
	started   bool
	gen       uint32
	pid       int32
	exitCode  int32
	reason    string
	createdAt time.Time
	startedAt time.Time
	finished  time.Time
	waiters   []chan struct{}
}

type image struct {
	img runtime.Image
}

// New returns a fake Runtime.
func New(opts Options) (*Runtime, error) {
	r := &Runtime{
		clock:      opts.Clock,
		version:    opts.Version,
		sandboxes:  map[string]*sandbox{},
		sbByName:   map[string]*sandbox{},
		containers: map[string]*container{},
		images:     map[string]*image{},
		tags:       map[string]string{},
		scripts:    map[string]*Script{},
		conditions: []runtime.RuntimeCondition{{Type: runtime.RuntimeReady, Status: true}, {Type: runtime.NetworkReady, Status: true}},
	}
	if r.clock == nil {
		r.clock = RealClock{}
	}
	if r.version == "" {
		r.version = "0.1.0"
	}
	cidr := opts.PodCIDR
	if cidr == "" {
		cidr = "10.42.0.0/16"
	}
	p, err := netip.ParsePrefix(cidr)
	if err != nil || p.Bits() > p.Addr().BitLen()-2 {
		return nil, runtime.Errorf(runtime.ErrInvalid, "fake: pod CIDR %q: want a network with room for addresses, such as 10.42.0.0/16", cidr)
	}
	r.prefix = p.Masked()
	r.nextIP = r.prefix.Addr().Next().Next()
	for k, s := range opts.Scripts {
		r.SetScript(k, s)
	}
	for _, name := range opts.Images {
		sum := sha256.Sum256([]byte(name))
		id := "sha256:" + hex.EncodeToString(sum[:])
		r.addImageLocked(runtime.Image{ID: id, RepoTags: []string{normalize(name)}, Size: 1 << 20})
	}
	return r, nil
}

// SetScript sets the script of containers named key or using image key,
// for containers created from now on.
func (r *Runtime) SetScript(key string, s Script) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.scripts[key] = &s
}

// SetCondition sets a runtime condition (RuntimeReady, NetworkReady) that
// Status reports.
func (r *Runtime) SetCondition(c runtime.RuntimeCondition) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := range r.conditions {
		if r.conditions[i].Type == c.Type {
			r.conditions[i] = c
			return
		}
	}
	r.conditions = append(r.conditions, c)
}

// Close stops the runtime's timer; nothing timed happens afterwards. It
// returns nil.
func (r *Runtime) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closed = true
	if r.timer != nil {
		r.timer.Stop()
		r.timer = nil
	}
	return nil
}

// newIDLocked returns a deterministic 64-hex-digit id.
func (r *Runtime) newIDLocked() (string, uint64) {
	r.seq++
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], r.seq)
	sum := sha256.Sum256(b[:])
	return hex.EncodeToString(sum[:]), r.seq
}

// Version reports the fake's name and version.
func (r *Runtime) Version(context.Context) (*runtime.VersionInfo, error) {
	return &runtime.VersionInfo{RuntimeName: "fake", RuntimeVersion: r.version, RuntimeAPIVersion: "v1"}, nil
}

// Status reports the runtime's conditions (both ready unless SetCondition
// said otherwise).
func (r *Runtime) Status(context.Context) (*runtime.RuntimeStatus, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return &runtime.RuntimeStatus{Conditions: slices.Clone(r.conditions)}, nil
}

// --- sandboxes

// RunPodSandbox implements runtime.SandboxService.
func (r *Runtime) RunPodSandbox(_ context.Context, cfg *runtime.SandboxConfig) (string, error) {
	if cfg == nil || cfg.Name == "" {
		return "", runtime.Errorf(runtime.ErrInvalid, "sandbox config needs a name")
	}
	key := fmt.Sprintf("%s/%s/%s/%d", cfg.Namespace, cfg.Name, cfg.UID, cfg.Attempt)
	r.mu.Lock()
	defer r.mu.Unlock()
	if old, ok := r.sbByName[key]; ok {
		return "", runtime.Errorf(runtime.ErrAlreadyExists, "sandbox %s (namespace %q, uid %q, attempt %d) already exists as %s", cfg.Name, cfg.Namespace, cfg.UID, cfg.Attempt, old.id)
	}
	sb := &sandbox{key: key, cfg: cfg.Clone(), state: runtime.SandboxReady, createdAt: r.clock.Now()}
	if cfg.Linux == nil || !cfg.Linux.HostNetwork {
		ip, err := r.allocIPLocked()
		if err != nil {
			return "", err
		}
		sb.ip = ip
	}
	sb.id, sb.seq = r.newIDLocked()
	r.sandboxes[sb.id] = sb
	r.sbByName[key] = sb
	return sb.id, nil
}

func (r *Runtime) allocIPLocked() (netip.Addr, error) {
	if n := len(r.freeIP); n > 0 {
		ip := r.freeIP[n-1]
		r.freeIP = r.freeIP[:n-1]
		return ip, nil
	}
	ip := r.nextIP
	next := ip.Next()
	// Keep the last address (IPv4 broadcast) out.
	if !ip.IsValid() || !r.prefix.Contains(ip) || !r.prefix.Contains(next) {
		return netip.Addr{}, runtime.Errorf(runtime.ErrUnavailable, "fake: pod CIDR %s has no free address left", r.prefix)
	}
	r.nextIP = next
	return ip, nil
}

// StopPodSandbox implements runtime.SandboxService.
func (r *Runtime) StopPodSandbox(_ context.Context, id string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	sb, ok := r.sandboxes[id]
	if !ok || sb.state == runtime.SandboxNotReady {
		return nil
	}
	r.stopSandboxLocked(sb)
	return nil
}

func (r *Runtime) stopSandboxLocked(sb *sandbox) {
	for _, c := range sb.containers {
		if c.started && c.state != runtime.ContainerExited {
			r.exitLocked(c, 137, runtime.ReasonError)
		}
	}
	sb.state = runtime.SandboxNotReady
	if sb.ip.IsValid() {
		r.freeIP = append(r.freeIP, sb.ip)
		sb.ip = netip.Addr{}
	}
}

// RemovePodSandbox implements runtime.SandboxService.
func (r *Runtime) RemovePodSandbox(_ context.Context, id string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	sb, ok := r.sandboxes[id]
	if !ok {
		return nil
	}
	if sb.state != runtime.SandboxNotReady {
		r.stopSandboxLocked(sb)
	}
	for _, c := range sb.containers {
		delete(r.containers, c.id)
	}
	sb.containers = nil
	delete(r.sandboxes, id)
	delete(r.sbByName, sb.key)
	r.compactLocked()
	return nil
}

// PodSandboxStatus implements runtime.SandboxService.
func (r *Runtime) PodSandboxStatus(_ context.Context, id string) (*runtime.SandboxStatus, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	sb, ok := r.sandboxes[id]
	if !ok {
		return nil, runtime.Errorf(runtime.ErrNotFound, "sandbox %q not found", id)
	}
	st := &runtime.SandboxStatus{Sandbox: sb.info(), Hostname: sb.cfg.Hostname, LogDirectory: sb.cfg.LogDirectory}
	if st.Hostname == "" {
		st.Hostname = sb.cfg.Name
	}
	if sb.ip.IsValid() {
		st.IP = sb.ip.String()
	}
	if sb.cfg.Linux != nil {
		l := *sb.cfg.Linux
		st.Linux = &l
	}
	return st, nil
}

func (sb *sandbox) info() runtime.Sandbox {
	return runtime.Sandbox{
		ID: sb.id, Name: sb.cfg.Name, Namespace: sb.cfg.Namespace, UID: sb.cfg.UID, Attempt: sb.cfg.Attempt,
		State: sb.state, CreatedAt: sb.createdAt, Labels: cloneMap(sb.cfg.Labels), Annotations: cloneMap(sb.cfg.Annotations),
	}
}

// ListPodSandbox implements runtime.SandboxService.
func (r *Runtime) ListPodSandbox(_ context.Context, f *runtime.SandboxFilter) ([]*runtime.Sandbox, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var match []*sandbox
	if f != nil && f.ID != "" {
		if sb, ok := r.sandboxes[f.ID]; ok {
			match = append(match, sb)
		}
	} else {
		for _, sb := range r.sandboxes {
			match = append(match, sb)
		}
	}
	slices.SortFunc(match, func(a, b *sandbox) int { return cmpUint(a.seq, b.seq) })
	out := make([]*runtime.Sandbox, 0, len(match))
	for _, sb := range match {
		if f != nil && (f.State != "" && sb.state != f.State || !runtime.MatchLabels(f.LabelSelector, sb.cfg.Labels)) {
			continue
		}
		s := sb.info()
		out = append(out, &s)
	}
	return out, nil
}

// --- containers

// CreateContainer implements runtime.ContainerService.
func (r *Runtime) CreateContainer(_ context.Context, sandboxID string, cfg *runtime.ContainerConfig, _ *runtime.SandboxConfig) (string, error) {
	if cfg == nil || cfg.Name == "" {
		return "", runtime.Errorf(runtime.ErrInvalid, "container config needs a name")
	}
	if cfg.Image == "" {
		return "", runtime.Errorf(runtime.ErrInvalid, "container %q needs an image", cfg.Name)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	sb, ok := r.sandboxes[sandboxID]
	if !ok {
		return "", runtime.Errorf(runtime.ErrNotFound, "sandbox %q not found", sandboxID)
	}
	if sb.state != runtime.SandboxReady {
		return "", runtime.Errorf(runtime.ErrFailedPrecondition, "sandbox %q is not ready: cannot create container %q in it", sandboxID, cfg.Name)
	}
	for _, c := range sb.containers {
		if c.cfg.Name == cfg.Name && c.cfg.Attempt == cfg.Attempt {
			return "", runtime.Errorf(runtime.ErrAlreadyExists, "container %q attempt %d already exists in sandbox %s as %s", cfg.Name, cfg.Attempt, sandboxID, c.id)
		}
	}
	imageID, ok := r.resolveLocked(cfg.Image)
	if !ok {
		return "", runtime.Errorf(runtime.ErrNotFound, "image %q of container %q not found: import it first", cfg.Image, cfg.Name)
	}
	c := &container{sb: sb, cfg: cfg.Clone(), imageRef: imageID, state: runtime.ContainerCreated, createdAt: r.clock.Now()}
	c.script = r.scripts[cfg.Name]
	if c.script == nil {
		c.script = r.scripts[cfg.Image]
	}
	if c.script == nil {
		c.script = r.scripts[normalize(cfg.Image)]
	}
	c.id, c.seq = r.newIDLocked()
	r.containers[c.id] = c
	sb.containers = append(sb.containers, c)
	return c.id, nil
}

func (r *Runtime) container(id string) (*container, error) {
	c, ok := r.containers[id]
	if !ok {
		return nil, runtime.Errorf(runtime.ErrNotFound, "container %q not found", id)
	}
	return c, nil
}

// StartContainer implements runtime.ContainerService.
func (r *Runtime) StartContainer(_ context.Context, id string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	c, err := r.container(id)
	if err != nil {
		return err
	}
	if c.started || c.state != runtime.ContainerCreated {
		return runtime.Errorf(runtime.ErrFailedPrecondition, "container %s is %s: only a created container can be started", id, c.state)
	}
	if c.sb.state != runtime.SandboxReady {
		return runtime.Errorf(runtime.ErrFailedPrecondition, "sandbox %s of container %s is not ready", c.sb.id, id)
	}
	c.started = true
	if s := c.script; s != nil && s.StartDelay > 0 {
		r.scheduleLocked(event{at: r.clock.Now().Add(s.StartDelay), c: c, gen: c.gen, kind: evRunning})
		return nil
	}
	r.runLocked(c)
	return nil
}

// runLocked moves a started container to Running and plays its script.
func (r *Runtime) runLocked(c *container) {
	now := r.clock.Now()
	c.state = runtime.ContainerRunning
	c.startedAt = now
	r.pid++
	c.pid = int32(r.pid + 1000)
	s := c.script
	if c.cfg.LogPath != "" && c.sb.cfg.LogDirectory != "" {
		r.writeLogs(c, s)
	}
	if s == nil {
		return
	}
	switch {
	case s.CrashLoop:
		r.scriptedExitLocked(c)
	case s.ExitAfter > 0:
		r.scheduleLocked(event{at: now.Add(s.ExitAfter), c: c, gen: c.gen, kind: evExit})
	}
}

func (r *Runtime) scriptedExitLocked(c *container) {
	if c.script.OOM {
		r.exitLocked(c, 137, runtime.ReasonOOMKilled)
		return
	}
	r.exitLocked(c, int32(c.script.ExitCode), "")
}

// writeLogs creates the container's log file and prints its script's lines.
// Errors are ignored, as a runtime whose log disk fails keeps running.
func (r *Runtime) writeLogs(c *container, s *Script) {
	path := filepath.Join(c.sb.cfg.LogDirectory, c.cfg.LogPath)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o640)
	if err != nil {
		return
	}
	defer f.Close()
	if s == nil {
		return
	}
	w := logs.NewWriter(f, r.clock.Now)
	for _, l := range s.Logs {
		stream := l.Stream
		if stream == "" {
			stream = logs.Stdout
		}
		_ = w.WriteLine(stream, []byte(l.Text))
	}
}

// exitLocked ends a container with code; an empty reason is Completed or
// Error by the code.
func (r *Runtime) exitLocked(c *container, code int32, reason string) {
	if reason == "" {
		reason = runtime.ReasonError
		if code == 0 {
			reason = runtime.ReasonCompleted
		}
	}
	c.state = runtime.ContainerExited
	c.started = true
	c.exitCode = code
	c.reason = reason
	c.finished = r.clock.Now()
	c.pid = 0
	c.gen++
	for _, w := range c.waiters {
		close(w)
	}
	c.waiters = nil
}

// StopContainer implements runtime.ContainerService. With a ManualClock, a
// container that ignores SIGTERM exits when the clock is advanced past the
// timeout.
func (r *Runtime) StopContainer(ctx context.Context, id string, timeout time.Duration) error {
	r.mu.Lock()
	c, err := r.container(id)
	if err != nil {
		r.mu.Unlock()
		return err
	}
	if !c.started || c.state == runtime.ContainerExited {
		r.mu.Unlock()
		return nil
	}
	switch {
	case timeout <= 0:
		r.exitLocked(c, 137, runtime.ReasonError)
	case c.script == nil || !c.script.IgnoreSIGTERM:
		r.exitLocked(c, 143, runtime.ReasonError)
	default:
		r.scheduleLocked(event{at: r.clock.Now().Add(timeout), c: c, gen: c.gen, kind: evKill})
	}
	if c.state == runtime.ContainerExited {
		r.mu.Unlock()
		return nil
	}
	done := make(chan struct{})
	c.waiters = append(c.waiters, done)
	r.mu.Unlock()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// RemoveContainer implements runtime.ContainerService.
func (r *Runtime) RemoveContainer(_ context.Context, id string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	c, ok := r.containers[id]
	if !ok {
		return nil
	}
	if c.started && c.state != runtime.ContainerExited {
		r.exitLocked(c, 137, runtime.ReasonError)
	}
	c.gen++
	delete(r.containers, id)
	c.sb.containers = slices.DeleteFunc(c.sb.containers, func(o *container) bool { return o == c })
	r.compactLocked()
	return nil
}

// ContainerStatus implements runtime.ContainerService.
func (r *Runtime) ContainerStatus(_ context.Context, id string) (*runtime.ContainerStatus, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	c, err := r.container(id)
	if err != nil {
		return nil, err
	}
	st := &runtime.ContainerStatus{
		Container:  c.info(),
		StartedAt:  c.startedAt,
		FinishedAt: c.finished,
		PID:        int(c.pid),
		Mounts:     slices.Clone(c.cfg.Mounts),
	}
	if c.state == runtime.ContainerExited {
		st.ExitCode = c.exitCode
		st.Reason = c.reason
		if c.reason == runtime.ReasonOOMKilled {
			st.Message = "fake: the container's memory use went over its limit"
		}
	}
	if c.cfg.LogPath != "" && c.sb.cfg.LogDirectory != "" {
		st.LogPath = filepath.Join(c.sb.cfg.LogDirectory, c.cfg.LogPath)
	}
	return st, nil
}

func (c *container) info() runtime.Container {
	return runtime.Container{
		ID: c.id, SandboxID: c.sb.id, Name: c.cfg.Name, Attempt: c.cfg.Attempt, Image: c.cfg.Image, ImageRef: c.imageRef,
		State: c.state, CreatedAt: c.createdAt, Labels: cloneMap(c.cfg.Labels), Annotations: cloneMap(c.cfg.Annotations),
	}
}

// ListContainers implements runtime.ContainerService.
func (r *Runtime) ListContainers(_ context.Context, f *runtime.ContainerFilter) ([]*runtime.Container, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var match []*container
	switch {
	case f != nil && f.ID != "":
		if c, ok := r.containers[f.ID]; ok {
			match = append(match, c)
		}
	case f != nil && f.SandboxID != "":
		if sb, ok := r.sandboxes[f.SandboxID]; ok {
			match = append(match, sb.containers...)
		}
	default:
		match = make([]*container, 0, len(r.containers))
		for _, c := range r.containers {
			match = append(match, c)
		}
	}
	slices.SortFunc(match, func(a, b *container) int { return cmpUint(a.seq, b.seq) })
	out := make([]*runtime.Container, 0, len(match))
	for _, c := range match {
		if f != nil && (f.SandboxID != "" && c.sb.id != f.SandboxID || f.State != "" && c.state != f.State || !runtime.MatchLabels(f.LabelSelector, c.cfg.Labels)) {
			continue
		}
		ci := c.info()
		out = append(out, &ci)
	}
	return out, nil
}

// execResult finds the scripted result of cmd in a running container.
func (r *Runtime) execResult(id string, cmd []string) (ExecResult, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	c, err := r.container(id)
	if err != nil {
		return ExecResult{}, err
	}
	if c.state != runtime.ContainerRunning {
		return ExecResult{}, runtime.Errorf(runtime.ErrFailedPrecondition, "container %s is %s: exec needs a running container", id, c.state)
	}
	if len(cmd) == 0 {
		return ExecResult{}, runtime.Errorf(runtime.ErrInvalid, "exec in container %s needs a command", id)
	}
	key := strings.Join(cmd, " ")
	if c.script != nil {
		if res, ok := c.script.Exec[key]; ok {
			return res, nil
		}
	}
	return ExecResult{Stderr: fmt.Sprintf("fake: %s: command not found\n", cmd[0]), ExitCode: 127}, nil
}

// sleep waits d on the runtime's clock.
func (r *Runtime) sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	done := make(chan struct{})
	t := r.clock.AfterFunc(d, func() { close(done) })
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		t.Stop()
		return ctx.Err()
	}
}

// ExecSync implements runtime.ContainerService.
func (r *Runtime) ExecSync(ctx context.Context, id string, cmd []string, timeout time.Duration) (*runtime.ExecSyncResult, error) {
	res, err := r.execResult(id, cmd)
	if err != nil {
		return nil, err
	}
	if timeout > 0 && res.Duration > timeout {
		if err := r.sleep(ctx, timeout); err != nil {
			return nil, err
		}
		return nil, runtime.Errorf(runtime.ErrTimeout, "exec %q in container %s ran longer than its timeout %s", strings.Join(cmd, " "), id, timeout)
	}
	if err := r.sleep(ctx, res.Duration); err != nil {
		return nil, err
	}
	return &runtime.ExecSyncResult{Stdout: []byte(res.Stdout), Stderr: []byte(res.Stderr), ExitCode: res.ExitCode}, nil
}

// Exec implements runtime.ContainerService.
func (r *Runtime) Exec(ctx context.Context, id string, req runtime.ExecRequest) (int, error) {
	res, err := r.execResult(id, req.Cmd)
	if err != nil {
		return 0, err
	}
	if req.Resize != nil {
		done := make(chan struct{})
		defer close(done)
		go func() {
			for {
				select {
				case <-done:
					return
				case _, ok := <-req.Resize:
					if !ok {
						return
					}
				}
			}
		}()
	}
	stdout, stderr := req.Stdout, req.Stderr
	if stdout == nil {
		stdout = io.Discard
	}
	if req.TTY || stderr == nil {
		stderr = stdout
		if !req.TTY {
			stderr = io.Discard
		}
	}
	if res.EchoStdin && req.Stdin != nil {
		if _, err := io.Copy(stdout, req.Stdin); err != nil {
			return 0, fmt.Errorf("fake: exec in container %s: %w", id, err)
		}
	}
	if err := r.sleep(ctx, res.Duration); err != nil {
		return 0, err
	}
	if _, err := io.WriteString(stdout, res.Stdout); err != nil {
		return 0, err
	}
	if _, err := io.WriteString(stderr, res.Stderr); err != nil {
		return 0, err
	}
	return res.ExitCode, nil
}

// ContainerStats implements runtime.ContainerService.
func (r *Runtime) ContainerStats(_ context.Context, id string) (*runtime.ContainerStats, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	c, err := r.container(id)
	if err != nil {
		return nil, err
	}
	now := r.clock.Now()
	st := &runtime.ContainerStats{ID: id, Timestamp: now}
	if s := c.script; s != nil {
		if c.state == runtime.ContainerRunning {
			st.MemoryWorkingSetBytes = s.MemoryBytes
		}
		if !c.startedAt.IsZero() {
			end := now
			if !c.finished.IsZero() {
				end = c.finished
			}
			st.CPUUsageNanos = uint64(end.Sub(c.startedAt).Seconds() * float64(s.CPUNanosPerSecond))
		}
	}
	return st, nil
}

// --- images

// normalize turns a short image reference into its full form, as
// containerd does: busybox → docker.io/library/busybox:latest.
func normalize(ref string) string {
	if strings.HasPrefix(ref, "sha256:") {
		return ref
	}
	name, digest, hasDigest := strings.Cut(ref, "@")
	first, _, hasSlash := strings.Cut(name, "/")
	switch {
	case !hasSlash:
		name = "docker.io/library/" + name
	case !strings.ContainsAny(first, ".:") && first != "localhost":
		name = "docker.io/" + name
	}
	if hasDigest {
		return name + "@" + digest
	}
	if i := strings.LastIndexByte(name, ':'); i < 0 || strings.Contains(name[i:], "/") {
		name += ":latest"
	}
	return name
}

func (r *Runtime) resolveLocked(ref string) (string, bool) {
	if _, ok := r.images[ref]; ok {
		return ref, true
	}
	if id, ok := r.tags[normalize(ref)]; ok {
		return id, true
	}
	if _, ok := r.images["sha256:"+ref]; ok && len(ref) == 64 {
		return "sha256:" + ref, true
	}
	return "", false
}

func (r *Runtime) addImageLocked(img runtime.Image) runtime.Image {
	cur, ok := r.images[img.ID]
	if !ok {
		cur = &image{img: img}
		cur.img.RepoTags = nil
		r.images[img.ID] = cur
	}
	for _, tag := range img.RepoTags {
		tag = normalize(tag)
		if old, ok := r.tags[tag]; ok && old != img.ID {
			// The tag moves to the new image.
			if o := r.images[old]; o != nil {
				o.img.RepoTags = slices.DeleteFunc(o.img.RepoTags, func(t string) bool { return t == tag })
			}
		}
		r.tags[tag] = img.ID
		if !slices.Contains(cur.img.RepoTags, tag) {
			cur.img.RepoTags = append(cur.img.RepoTags, tag)
			slices.Sort(cur.img.RepoTags)
		}
	}
	return cloneImage(cur.img)
}

func cloneImage(img runtime.Image) runtime.Image {
	img.RepoTags = slices.Clone(img.RepoTags)
	img.RepoDigests = slices.Clone(img.RepoDigests)
	img.Config.Env = slices.Clone(img.Config.Env)
	img.Config.Entrypoint = slices.Clone(img.Config.Entrypoint)
	img.Config.Cmd = slices.Clone(img.Config.Cmd)
	img.Config.ExposedPorts = slices.Clone(img.Config.ExposedPorts)
	img.Config.Labels = cloneMap(img.Config.Labels)
	return img
}

// PullImage implements runtime.ImageService: the fake reaches no registry,
// so it succeeds only for an image already present.
func (r *Runtime) PullImage(_ context.Context, ref string, _ *runtime.AuthConfig) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if id, ok := r.resolveLocked(ref); ok {
		return id, nil
	}
	return "", runtime.Errorf(runtime.ErrNotSupported, "fake: cannot pull %q: the fake runtime has no registry; seed it with Options.Images or ImportImage", ref)
}

// ImportImage implements runtime.ImageService with images.Read.
func (r *Runtime) ImportImage(_ context.Context, archive io.Reader) ([]runtime.Image, error) {
	a, err := images.Read(archive)
	if err != nil {
		return nil, runtime.Errorf(runtime.ErrInvalid, "import: %v", err)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]runtime.Image, 0, len(a.Images))
	for i := range a.Images {
		out = append(out, r.addImageLocked(a.Images[i].RuntimeImage()))
	}
	return out, nil
}

// ListImages implements runtime.ImageService.
func (r *Runtime) ListImages(_ context.Context, f *runtime.ImageFilter) ([]runtime.Image, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []runtime.Image
	if f != nil && f.Ref != "" {
		if id, ok := r.resolveLocked(f.Ref); ok {
			out = append(out, cloneImage(r.images[id].img))
		}
		return out, nil
	}
	for _, img := range r.images {
		out = append(out, cloneImage(img.img))
	}
	slices.SortFunc(out, func(a, b runtime.Image) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

// ImageStatus implements runtime.ImageService.
func (r *Runtime) ImageStatus(_ context.Context, ref string) (*runtime.Image, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	id, ok := r.resolveLocked(ref)
	if !ok {
		return nil, runtime.Errorf(runtime.ErrNotFound, "image %q not found", ref)
	}
	img := cloneImage(r.images[id].img)
	return &img, nil
}

// RemoveImage implements runtime.ImageService: it removes the image with
// all its tags.
func (r *Runtime) RemoveImage(_ context.Context, ref string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	id, ok := r.resolveLocked(ref)
	if !ok {
		return nil
	}
	for _, tag := range r.images[id].img.RepoTags {
		delete(r.tags, tag)
	}
	delete(r.images, id)
	return nil
}

// --- the event heap

const (
	evRunning = iota // a slow start is over
	evExit           // the script's exit
	evKill           // the stop timeout ran out: SIGKILL
)

type event struct {
	at   time.Time
	c    *container
	gen  uint32
	kind uint8
}

type eventHeap []event

func (h eventHeap) Len() int           { return len(h) }
func (h eventHeap) Less(i, j int) bool { return h[i].at.Before(h[j].at) }
func (h eventHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *eventHeap) Push(x any)        { *h = append(*h, x.(event)) }
func (h *eventHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	old[len(old)-1] = event{}
	*h = old[:len(old)-1]
	return e
}

// scheduleLocked adds ev and arms the clock timer for the earliest event.
func (r *Runtime) scheduleLocked(ev event) {
	heap.Push(&r.events, ev)
	r.armLocked()
}

func (r *Runtime) armLocked() {
	if r.closed || len(r.events) == 0 {
		return
	}
	at := r.events[0].at
	if r.timer != nil {
		if !at.Before(r.timerAt) {
			return
		}
		r.timer.Stop()
	}
	r.timerAt = at
	r.timer = r.clock.AfterFunc(at.Sub(r.clock.Now()), r.fire)
}

// compactLocked drops the events of exited and removed containers once
// they outnumber the live containers, so that churn does not grow the heap.
func (r *Runtime) compactLocked() {
	if len(r.events) < 2*len(r.containers)+64 {
		return
	}
	live := r.events[:0]
	for _, ev := range r.events {
		if _, ok := r.containers[ev.c.id]; ok && ev.gen == ev.c.gen && ev.c.state != runtime.ContainerExited {
			live = append(live, ev)
		}
	}
	clear(r.events[len(live):])
	r.events = live
	heap.Init(&r.events)
}

// fire handles every due event and re-arms the timer.
func (r *Runtime) fire() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.timer = nil
	now := r.clock.Now()
	for len(r.events) > 0 && !r.events[0].at.After(now) {
		ev := heap.Pop(&r.events).(event)
		c := ev.c
		if ev.gen != c.gen || c.state == runtime.ContainerExited {
			continue
		}
		if _, ok := r.containers[c.id]; !ok {
			continue
		}
		switch ev.kind {
		case evRunning:
			if c.state == runtime.ContainerCreated {
				r.runLocked(c)
			}
		case evExit:
			r.scriptedExitLocked(c)
		case evKill:
			r.exitLocked(c, 137, runtime.ReasonError)
		}
	}
	r.armLocked()
}

func cloneMap(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	n := make(map[string]string, len(m))
	for k, v := range m {
		n[k] = v
	}
	return n
}

func cmpUint(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
