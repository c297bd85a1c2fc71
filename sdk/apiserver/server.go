package apiserver

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/gantryhq/gantry/sdk/admission"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
	"github.com/gantryhq/gantry/sdk/apiserver/cache"
	"github.com/gantryhq/gantry/store"
)

// KeyPrefix is the store prefix under which the API server keeps objects:
// /registry/<group or "core">/<resource>/[<namespace>/]<name>.
const KeyPrefix = "/registry/"

// Config configures a Server. Zero values mean the documented defaults.
type Config struct {
	// Registry holds the kinds served. Required.
	Registry *registry.Registry
	// Store persists objects. Required. The server does not close it.
	Store store.Store
	// Admission is the admission chain; nil admits everything.
	Admission *admission.Chain
	// AdmissionPlugins, when set and Admission is nil, names the plugins to
	// build from AdmissionRegistry, in order.
	AdmissionPlugins []admission.PluginConfig
	// AdmissionRegistry holds the admission plugin factories.
	AdmissionRegistry *admission.Registry
	// MaxRequestBodyBytes caps request bodies. Default 3 MiB.
	MaxRequestBodyBytes int64
	// MaxRequestsInFlight caps concurrent non-mutating requests (watches
	// excluded); more get 429. Default 400.
	MaxRequestsInFlight int
	// MaxMutatingRequestsInFlight caps concurrent mutating requests. Default 200.
	MaxMutatingRequestsInFlight int
	// WatchWindow is the number of events per resource kept for watch
	// resumption. Default 8192.
	WatchWindow int
	// CompactionInterval is how often history older than one interval is
	// compacted. Default 5 minutes; negative disables compaction.
	CompactionInterval time.Duration
	// MinWatchTimeout is the default watch duration when the client gives
	// no timeoutSeconds (randomised up to twice). Default 30 minutes.
	MinWatchTimeout time.Duration
	// BookmarkInterval is how often watches that allow bookmarks get one. Default 1 minute.
	BookmarkInterval time.Duration
	// WatchFlushInterval is the shortest time between two writes to one
	// watch stream while events keep coming: an event that finds the
	// stream idle for longer is written at once, later ones wait until the
	// interval has passed and go out together. It trades up to that much
	// latency for far fewer system calls when many watchers follow busy
	// resources. Default 25ms; negative writes every event at once.
	WatchFlushInterval time.Duration
	// Now returns the current time; defaults to time.Now.
	Now func() time.Time
	// DefaultNamespaces are created at start when missing. Default:
	// default, gantry-system, kube-system, kube-public, kube-node-lease.
	DefaultNamespaces []string
	// Version is served at /version.
	Version meta.VersionInfo
	// OpenAPI serves /openapi/v3; when nil the server builds it from Registry.
	OpenAPI http.Handler
	// Logger receives the server's logs; defaults to slog.Default().
	Logger *slog.Logger
	// User is the user every request is attributed to until authentication
	// exists. Default "system:admin" in group "system:masters".
	User admission.UserInfo
}

// Server is the API server. Build it with New, start it with Start, serve
// Handler, and stop it with Stop.
type Server struct {
	cfg       Config
	reg       *registry.Registry
	st        store.Store
	cache     *cache.Cache
	admission *admission.Chain
	log       *slog.Logger
	now       func() time.Time

	resources  map[meta.GroupVersionResource]*resource
	byGR       map[string]*resource // "group/resource"
	discovery  *discovery
	handler    http.Handler
	readOnly   chan struct{}
	mutating   chan struct{}
	stopOnce   sync.Once
	stopCh     chan struct{}
	wg         sync.WaitGroup
	ready      chan struct{}
	readyOnce  sync.Once
	startErr   error
	watchersWG sync.WaitGroup

	graceful            map[meta.GroupVersionResource]GracefulDeleter
	subresourceHandlers map[meta.GroupVersionResource]map[string]SubresourceHandler
	extraSubresources   map[meta.GroupVersionResource][]subresource
}

// New builds a server from cfg. It does not touch the store until Start.
func New(cfg Config) (*Server, error) {
	if cfg.Registry == nil || cfg.Store == nil {
		return nil, errors.New("apiserver: Config.Registry and Config.Store are required")
	}
	if cfg.MaxRequestBodyBytes <= 0 {
		cfg.MaxRequestBodyBytes = 3 << 20
	}
	if cfg.MaxRequestsInFlight <= 0 {
		cfg.MaxRequestsInFlight = 400
	}
	if cfg.MaxMutatingRequestsInFlight <= 0 {
		cfg.MaxMutatingRequestsInFlight = 200
	}
	if cfg.CompactionInterval == 0 {
		cfg.CompactionInterval = 5 * time.Minute
	}
	if cfg.MinWatchTimeout <= 0 {
		cfg.MinWatchTimeout = 30 * time.Minute
	}
	if cfg.BookmarkInterval <= 0 {
		cfg.BookmarkInterval = time.Minute
	}
	if cfg.WatchFlushInterval == 0 {
		cfg.WatchFlushInterval = 25 * time.Millisecond
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.DefaultNamespaces == nil {
		cfg.DefaultNamespaces = []string{"default", "gantry-system", "kube-system", "kube-public", "kube-node-lease"}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.User.Name == "" {
		cfg.User = admission.UserInfo{Name: "system:admin", Groups: []string{"system:masters", "system:authenticated"}}
	}
	if cfg.Version.GitVersion == "" {
		cfg.Version = DefaultVersion()
	}
	s := &Server{
		cfg:       cfg,
		reg:       cfg.Registry,
		st:        cfg.Store,
		log:       cfg.Logger,
		now:       cfg.Now,
		resources: map[meta.GroupVersionResource]*resource{},
		byGR:      map[string]*resource{},
		readOnly:  make(chan struct{}, cfg.MaxRequestsInFlight),
		mutating:  make(chan struct{}, cfg.MaxMutatingRequestsInFlight),
		stopCh:    make(chan struct{}),
		ready:     make(chan struct{}),

		graceful:            map[meta.GroupVersionResource]GracefulDeleter{},
		subresourceHandlers: map[meta.GroupVersionResource]map[string]SubresourceHandler{},
		extraSubresources:   map[meta.GroupVersionResource][]subresource{},
	}
	s.cache = cache.New(cfg.Store, KeyPrefix, cache.Options{
		Window:  cfg.WatchWindow,
		OnError: func(err error) { s.log.Warn("watch cache", "err", err) },
	})
	for _, k := range cfg.Registry.Kinds() {
		group := k.GVK().Group
		if group == "" {
			group = "core"
		}
		gr := group + "/" + k.Resource()
		if other, dup := s.byGR[gr]; dup {
			return nil, fmt.Errorf("apiserver: resource %s is registered in two versions (%s and %s); Gantry serves one version per resource",
				gr, other.kind.GVK().Version, k.GVK().Version)
		}
		r := newResource(s, k, KeyPrefix+gr+"/")
		s.resources[k.GVR()] = r
		s.byGR[gr] = r
	}
	s.admission = cfg.Admission
	if s.admission == nil && len(cfg.AdmissionPlugins) > 0 {
		if cfg.AdmissionRegistry == nil {
			return nil, errors.New("apiserver: AdmissionPlugins given without AdmissionRegistry")
		}
		chain, err := cfg.AdmissionRegistry.NewChain(s.AdmissionHost(), cfg.AdmissionPlugins)
		if err != nil {
			return nil, err
		}
		s.admission = chain
	}
	s.installPodExtensions()
	s.installNamespaceExtensions()
	s.discovery = newDiscovery(s)
	s.handler = s.buildHandler()
	return s, nil
}

// DefaultVersion is what /version reports by default: the Kubernetes API
// level Gantry is compatible with, and Gantry's own version in gitVersion.
func DefaultVersion() meta.VersionInfo {
	return meta.VersionInfo{
		Major:        "1",
		Minor:        "32",
		GitVersion:   "v1.32.0+gantry.0.1.0",
		GitTreeState: "clean",
		GoVersion:    runtime.Version(),
		Compiler:     runtime.Compiler,
		Platform:     runtime.GOOS + "/" + runtime.GOARCH,
	}
}

// Start fills the watch cache from the store, creates the default
// namespaces and starts background work (compaction). It returns once the
// server is ready to serve.
func (s *Server) Start(ctx context.Context) error {
	if err := s.cache.Start(ctx); err != nil {
		return fmt.Errorf("apiserver: starting the watch cache: %w", err)
	}
	if err := s.ensureNamespaces(ctx); err != nil {
		return err
	}
	if err := s.cache.WaitFresh(ctx); err != nil {
		return fmt.Errorf("apiserver: waiting for the watch cache: %w", err)
	}
	if s.cfg.CompactionInterval > 0 {
		s.wg.Add(1)
		go s.compactLoop()
	}
	s.readyOnce.Do(func() { close(s.ready) })
	return nil
}

// Stop ends watches and background work. It does not close the store.
func (s *Server) Stop() {
	s.stopOnce.Do(func() {
		close(s.stopCh)
		s.cache.Stop()
		s.wg.Wait()
	})
}

// Handler returns the HTTP handler of the server.
func (s *Server) Handler() http.Handler { return s.handler }

// Registry returns the kinds the server serves.
func (s *Server) Registry() *registry.Registry { return s.reg }

func (s *Server) ensureNamespaces(ctx context.Context) error {
	r := s.resources[meta.GroupVersionResource{Version: "v1", Resource: "namespaces"}]
	if r == nil {
		return nil
	}
	for _, name := range s.cfg.DefaultNamespaces {
		obj := r.kind.New()
		obj.GetObjectMeta().Name = name
		_, err := r.create(ctx, "", obj, writeOptions{user: s.cfg.User, skipAdmission: true})
		if err != nil && !apierrors.IsAlreadyExists(err) {
			return fmt.Errorf("apiserver: creating namespace %q: %w", name, err)
		}
	}
	return nil
}

// compactLoop compacts the store every interval to the revision seen one
// interval earlier, so that watches have at least one interval to resume.
func (s *Server) compactLoop() {
	defer s.wg.Done()
	t := time.NewTicker(s.cfg.CompactionInterval)
	defer t.Stop()
	var prev int64
	for {
		select {
		case <-s.stopCh:
			return
		case <-t.C:
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		cur, err := s.st.CurrentRevision(ctx)
		if err == nil && prev > 0 {
			if err := s.st.Compact(ctx, prev); err != nil {
				s.log.Warn("compaction", "revision", prev, "err", err)
			}
		}
		cancel()
		if err == nil {
			prev = cur
		}
	}
}

// resourceFor finds the resource a request addresses.
func (s *Server) resourceFor(ri requestInfo) (*resource, error) {
	r, ok := s.resources[meta.GroupVersionResource{Group: ri.gv.Group, Version: ri.gv.Version, Resource: ri.resource}]
	if !ok {
		return nil, apierrors.FromStatus(meta.Status{
			TypeMeta: meta.TypeMeta{Kind: "Status", APIVersion: "v1"},
			Status:   meta.StatusFailure,
			Message:  "the server could not find the requested resource",
			Reason:   meta.StatusReasonNotFound,
			Details:  &meta.StatusDetails{Group: ri.gv.Group, Kind: ri.resource},
			Code:     http.StatusNotFound,
		})
	}
	return r, nil
}

// resourceByGVR returns the resource for gvr, for in-process callers.
func (s *Server) resourceByGVR(gvr meta.GroupVersionResource) (*resource, error) {
	r, ok := s.resources[gvr]
	if !ok {
		return nil, fmt.Errorf("apiserver: resource %s is not served: %w", gvr, apierrors.ErrNotFound)
	}
	return r, nil
}

func (s *Server) buildHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/version", s.serveVersion)
	mux.HandleFunc("/version/", s.serveVersion)
	for _, p := range []string{"/healthz", "/livez", "/readyz"} {
		mux.HandleFunc(p, s.serveHealth)
		mux.HandleFunc(p+"/", s.serveHealth)
	}
	openapi := s.cfg.OpenAPI
	if openapi == nil {
		openapi = s.buildOpenAPI()
	}
	mux.Handle("/openapi/", openapi)
	mux.HandleFunc("/api", s.serveAPI)
	mux.HandleFunc("/api/", s.serveAPI)
	mux.HandleFunc("/apis", s.serveAPI)
	mux.HandleFunc("/apis/", s.serveAPI)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/" {
			writeJSON(w, http.StatusOK, output{}, map[string][]string{"paths": s.rootPaths()})
			return
		}
		writeError(w, apierrors.FromStatus(meta.Status{
			TypeMeta: meta.TypeMeta{Kind: "Status", APIVersion: "v1"}, Status: meta.StatusFailure,
			Message: "the server could not find the requested resource", Reason: meta.StatusReasonNotFound, Code: http.StatusNotFound,
		}))
	})
	return mux
}

func (s *Server) rootPaths() []string {
	paths := []string{"/api", "/api/v1", "/apis", "/healthz", "/livez", "/readyz", "/openapi/v3", "/version"}
	for _, gv := range s.reg.GroupVersions() {
		if gv.Group != "" {
			paths = append(paths, "/apis/"+gv.Group, "/apis/"+gv.String())
		}
	}
	return paths
}

func (s *Server) serveVersion(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, output{pretty: true}, s.cfg.Version)
}

func (s *Server) serveHealth(w http.ResponseWriter, r *http.Request) {
	select {
	case <-s.ready:
	default:
		if strings.HasPrefix(r.URL.Path, "/readyz") {
			http.Error(w, "[-]cache not synced\nreadyz check failed", http.StatusServiceUnavailable)
			return
		}
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok"))
}

// serveAPI routes discovery and resource requests.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	if s.discovery.serve(w, r) {
		return
	}
	ri, ok := parseResourcePath(r)
	if !ok {
		writeError(w, apierrors.FromStatus(meta.Status{
			TypeMeta: meta.TypeMeta{Kind: "Status", APIVersion: "v1"}, Status: meta.StatusFailure,
			Message: "the server could not find the requested resource", Reason: meta.StatusReasonNotFound, Code: http.StatusNotFound,
		}))
		return
	}
	release, err := s.admit(ri)
	if err != nil {
		writeError(w, err)
		return
	}
	defer release()
	s.serveResource(w, r, ri)
}

// admit applies the in-flight limits: watches are exempt; others wait
// briefly for a slot, then get 429.
func (s *Server) admit(ri requestInfo) (func(), error) {
	if ri.verb == verbWatch {
		return func() {}, nil
	}
	ch := s.readOnly
	switch ri.verb {
	case verbCreate, verbUpdate, verbPatch, verbDelete, verbDeleteCollection:
		ch = s.mutating
	}
	select {
	case ch <- struct{}{}:
		return func() { <-ch }, nil
	default:
	}
	t := time.NewTimer(200 * time.Millisecond)
	defer t.Stop()
	select {
	case ch <- struct{}{}:
		return func() { <-ch }, nil
	case <-t.C:
		return nil, apierrors.NewTooManyRequests("too many requests, please try again later", 1)
	}
}
