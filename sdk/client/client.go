package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"

	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
)

// Config configures a Client. Zero values mean defaults.
type Config struct {
	// Host is the API server's base URL ("http://127.0.0.1:6443"). With a
	// loopback Transport any host works; default "http://gantry.local".
	Host string
	// Transport carries the requests; default a pooled http.Transport.
	// NewLoopbackTransport serves requests in process.
	Transport http.RoundTripper
	// Timeout bounds non-watch requests. Default 60 s.
	Timeout time.Duration
	// QPS and Burst rate-limit requests (watches excluded). QPS 0 means no limit.
	QPS   float64
	Burst int
	// UserAgent is sent with every request. Default "gantry-client".
	UserAgent string
	// BearerToken, when set, is sent as an Authorization header.
	BearerToken string
}

// Client is a REST client for one API server and one kind registry.
type Client struct {
	cfg     Config
	base    *url.URL
	http    *http.Client
	reg     *registry.Registry
	limiter *tokenBucket

	mu     sync.RWMutex
	byType map[reflect.Type]*registry.Kind
}

// New returns a client for the server in cfg that knows the kinds of reg.
func New(cfg Config, reg *registry.Registry) (*Client, error) {
	if reg == nil {
		return nil, errors.New("client: a registry is required")
	}
	if cfg.Host == "" {
		cfg.Host = "http://gantry.local"
	}
	base, err := url.Parse(strings.TrimSuffix(cfg.Host, "/"))
	if err != nil || base.Scheme == "" || base.Host == "" {
		return nil, fmt.Errorf("client: invalid host %q: want a URL such as http://127.0.0.1:6443", cfg.Host)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 60 * time.Second
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = "gantry-client"
	}
	tr := cfg.Transport
	if tr == nil {
		tr = &http.Transport{
			Proxy:               nil,
			MaxIdleConns:        1000,
			MaxIdleConnsPerHost: 1000,
			IdleConnTimeout:     90 * time.Second,
		}
	}
	c := &Client{
		cfg:    cfg,
		base:   base,
		http:   &http.Client{Transport: tr},
		reg:    reg,
		byType: map[reflect.Type]*registry.Kind{},
	}
	if cfg.QPS > 0 {
		burst := cfg.Burst
		if burst <= 0 {
			burst = int(cfg.QPS)
		}
		c.limiter = newTokenBucket(cfg.QPS, burst)
	}
	for _, k := range reg.Kinds() {
		c.byType[reflect.TypeOf(k.New())] = k
	}
	return c, nil
}

// Registry returns the client's kind registry.
func (c *Client) Registry() *registry.Registry { return c.reg }

// kindOf returns the registered kind whose objects have T's type.
func kindOf[T meta.Object](c *Client) (*registry.Kind, error) {
	var zero T
	t := reflect.TypeOf(zero)
	c.mu.RLock()
	k, ok := c.byType[t]
	c.mu.RUnlock()
	if ok {
		return k, nil
	}
	// The registry may have gained kinds since New (a product registers
	// its own kinds after building the client): look again.
	for _, rk := range c.reg.Kinds() {
		if reflect.TypeOf(rk.New()) == t {
			c.mu.Lock()
			c.byType[t] = rk
			c.mu.Unlock()
			return rk, nil
		}
	}
	return nil, fmt.Errorf("client: type %v is not a registered kind", t)
}

// Request is one API request.
type Request struct {
	// Method is the HTTP method.
	Method string
	// Path is the URL path ("/api/v1/namespaces/default/pods").
	Path string
	// Query holds the query parameters.
	Query url.Values
	// Body is sent as is; ContentType says what it is (default application/json).
	Body        []byte
	ContentType string
	// Accept overrides the Accept header (default application/json).
	Accept string
	// Stream requests are not bounded by the client timeout (watches, logs).
	Stream bool
}

// Do sends req and returns the response body of a 2xx answer. Other answers
// become a *errors.StatusError decoded from the Status body (or synthesised
// from the HTTP status when the body is not a Status).
//
// A 429 Too Many Requests answer is retried, as client-go does, after the
// server's Retry-After (1 s when absent, at most 10 s), up to maxRetries
// times; the request body is sent again as is.
func (c *Client) Do(ctx context.Context, req Request) ([]byte, error) {
	for attempt := 0; ; attempt++ {
		resp, err := c.send(ctx, req)
		if err != nil {
			return nil, err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("client: reading the response of %s %s: %w", req.Method, req.Path, err)
		}
		if resp.StatusCode == http.StatusTooManyRequests && attempt < maxRetries {
			wait := time.Second
			if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s >= 0 {
				wait = min(time.Duration(s)*time.Second, 10*time.Second)
			}
			select {
			case <-time.After(wait):
				continue
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		if resp.StatusCode < 200 || resp.StatusCode > 299 {
			return nil, decodeError(resp.StatusCode, body)
		}
		return body, nil
	}
}

// maxRetries is how many times a 429 answer is retried.
const maxRetries = 10

// Stream sends req and returns the open response body of a 2xx answer; the
// caller closes it.
func (c *Client) Stream(ctx context.Context, req Request) (io.ReadCloser, error) {
	req.Stream = true
	resp, err := c.send(ctx, req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		defer resp.Body.Close()
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		return nil, decodeError(resp.StatusCode, body)
	}
	return resp.Body, nil
}

func (c *Client) send(ctx context.Context, req Request) (*http.Response, error) {
	if c.limiter != nil && !req.Stream {
		if err := c.limiter.wait(ctx); err != nil {
			return nil, err
		}
	}
	u := *c.base
	u.Path = c.base.Path + req.Path
	if len(req.Query) > 0 {
		u.RawQuery = req.Query.Encode()
	}
	var body io.Reader
	if req.Body != nil {
		body = bytes.NewReader(req.Body)
	}
	var cancel context.CancelFunc = func() {}
	if !req.Stream {
		ctx, cancel = context.WithTimeout(ctx, c.cfg.Timeout)
	}
	hr, err := http.NewRequestWithContext(ctx, req.Method, u.String(), body)
	if err != nil {
		cancel()
		return nil, fmt.Errorf("client: building %s %s: %w", req.Method, req.Path, err)
	}
	accept := req.Accept
	if accept == "" {
		accept = "application/json"
	}
	hr.Header.Set("Accept", accept)
	hr.Header.Set("User-Agent", c.cfg.UserAgent)
	if req.Body != nil {
		ct := req.ContentType
		if ct == "" {
			ct = "application/json"
		}
		hr.Header.Set("Content-Type", ct)
	}
	if c.cfg.BearerToken != "" {
		hr.Header.Set("Authorization", "Bearer "+c.cfg.BearerToken)
	}
	resp, err := c.http.Do(hr)
	if err != nil {
		cancel()
		if ctx.Err() != nil {
			return nil, fmt.Errorf("client: %s %s: %w", req.Method, req.Path, ctx.Err())
		}
		return nil, fmt.Errorf("client: %s %s: %w: %w", req.Method, req.Path, err, apierrors.ErrServiceUnavailable)
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (c *cancelOnClose) Close() error {
	err := c.ReadCloser.Close()
	c.cancel()
	return err
}

// decodeError turns an error response into a *errors.StatusError.
func decodeError(code int, body []byte) error {
	var st meta.Status
	if err := json.Unmarshal(body, &st); err == nil && st.Kind == "Status" {
		if st.Code == 0 {
			st.Code = int32(code)
		}
		return apierrors.FromStatus(st)
	}
	reason := meta.StatusReasonUnknown
	for _, cl := range []*apierrors.Class{apierrors.ErrNotFound, apierrors.ErrConflict, apierrors.ErrInvalid, apierrors.ErrBadRequest,
		apierrors.ErrGone, apierrors.ErrForbidden, apierrors.ErrUnauthorized, apierrors.ErrTooManyRequests,
		apierrors.ErrMethodNotAllowed, apierrors.ErrServiceUnavailable, apierrors.ErrInternal} {
		if int(cl.Code()) == code {
			reason = cl.Reason()
			break
		}
	}
	msg := strings.TrimSpace(string(body))
	if len(msg) > 512 {
		msg = msg[:512] + "..."
	}
	if msg == "" {
		msg = http.StatusText(code)
	}
	return apierrors.FromStatus(meta.Status{
		TypeMeta: meta.TypeMeta{Kind: "Status", APIVersion: "v1"},
		Status:   meta.StatusFailure, Message: fmt.Sprintf("the server responded %d: %s", code, msg),
		Reason: reason, Code: int32(code),
	})
}

// tokenBucket is a simple QPS limiter.
type tokenBucket struct {
	mu     sync.Mutex
	rate   float64
	burst  float64
	tokens float64
	last   time.Time
}

func newTokenBucket(qps float64, burst int) *tokenBucket {
	return &tokenBucket{rate: qps, burst: float64(burst), tokens: float64(burst), last: time.Now()}
}

func (b *tokenBucket) wait(ctx context.Context) error {
	for {
		b.mu.Lock()
		now := time.Now()
		b.tokens = min(b.burst, b.tokens+now.Sub(b.last).Seconds()*b.rate)
		b.last = now
		if b.tokens >= 1 {
			b.tokens--
			b.mu.Unlock()
			return nil
		}
		need := time.Duration((1 - b.tokens) / b.rate * float64(time.Second))
		b.mu.Unlock()
		select {
		case <-time.After(need):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
