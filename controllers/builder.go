package controllers

import (
	"errors"
	"fmt"

	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
	"github.com/gantryhq/gantry/sdk/client"
	"github.com/gantryhq/gantry/sdk/client/workqueue"
)

// MapFunc maps an object to the requests it should trigger. It runs on an
// informer's goroutine: it must be quick, read caches only, and never
// modify obj.
type MapFunc[T meta.Object] func(obj T) []Request

// Predicate filters a source's events before they are mapped to requests.
// A nil func lets every event of its type through. Create also filters the
// replay of the cache when the controller starts; Update also sees the
// periodic resync (old == new) when the manager has one.
type Predicate[T meta.Object] struct {
	Create func(obj T) bool
	Update func(old, new T) bool
	Delete func(obj T) bool
}

// Option configures a controller being built.
type Option interface {
	apply(b *Builder)
}

type optionFunc func(b *Builder)

func (f optionFunc) apply(b *Builder) { f(b) }

// Builder builds a controller; see Build.
type Builder struct {
	mgr         *Manager
	name        string
	forKind     *registry.Kind
	specs       []func(b *Builder) (Source, error)
	workers     int
	rateLimiter workqueue.RateLimiter[Request]
	errs        []error
}

// Build starts building a controller named name (unique in mgr; it labels
// the controller's logs and metrics) with opts:
//
//	err := controllers.Build(mgr, "replicaset",
//		controllers.For[*appsv1.ReplicaSet](),
//		controllers.Owns[*corev1.Pod](),
//		controllers.Concurrency(2),
//	).Complete(reconciler)
//
// Go has no generic methods, so the typed parts are options rather than
// methods of the Builder.
func Build(mgr *Manager, name string, opts ...Option) *Builder {
	b := &Builder{mgr: mgr, name: name, workers: 1}
	b.With(opts...)
	return b
}

// With adds options.
func (b *Builder) With(opts ...Option) *Builder {
	for _, o := range opts {
		o.apply(b)
	}
	return b
}

// Complete builds the controller around r, registers its sources and adds
// it to the manager. The controller starts when the manager does (while it
// leads).
func (b *Builder) Complete(r Reconciler) error {
	_, err := b.Build(r)
	return err
}

// Build is Complete returning the controller, for callers that enqueue
// requests themselves (Controller implements Queue).
func (b *Builder) Build(r Reconciler) (*Controller, error) {
	if r == nil {
		b.errs = append(b.errs, errors.New("a reconciler is required"))
	}
	if len(b.specs) == 0 {
		b.errs = append(b.errs, errors.New("no source: use For, Owns, Watches, WatchesKind or WatchesSource"))
	}
	if err := errors.Join(b.errs...); err != nil {
		return nil, fmt.Errorf("controllers: building controller %q: %w", b.name, err)
	}
	if b.mgr.started.Load() {
		return nil, fmt.Errorf("controllers: building controller %q: the manager has already started", b.name)
	}
	if err := b.mgr.claimName(b.name); err != nil {
		return nil, err
	}
	rl := b.rateLimiter
	if rl == nil {
		rl = workqueue.DefaultRateLimiter[Request]()
	}
	c := &Controller{
		name:        b.name,
		mgr:         b.mgr,
		r:           r,
		workers:     b.workers,
		rateLimiter: rl,
		log:         b.mgr.log.With("controller", b.name),
	}
	for _, spec := range b.specs {
		s, err := spec(b)
		if err != nil {
			return nil, fmt.Errorf("controllers: building controller %q: %w", b.name, err)
		}
		if err := s.Register(b.mgr, c); err != nil {
			return nil, fmt.Errorf("controllers: building controller %q: %w", b.name, err)
		}
		c.sources = append(c.sources, s)
	}
	if err := b.mgr.metrics.registerDepth(b.name, c.depth); err != nil {
		return nil, fmt.Errorf("controllers: building controller %q: %w", b.name, err)
	}
	if err := b.mgr.Add(c); err != nil {
		return nil, err
	}
	return c, nil
}

// For makes the controller reconcile objects of kind T: every event of a
// T queues a request for it. At most one For per controller.
func For[T meta.Object](preds ...Predicate[T]) Option {
	return optionFunc(func(b *Builder) {
		k, err := KindOf[T](b.mgr)
		if err != nil {
			b.errs = append(b.errs, err)
			return
		}
		if b.forKind != nil {
			b.errs = append(b.errs, fmt.Errorf("For is given twice (%s and %s)", b.forKind.GVK().Kind, k.GVK().Kind))
			return
		}
		b.forKind = k
		b.specs = append(b.specs, func(*Builder) (Source, error) {
			return &kindSource[T]{kind: k, preds: preds, mapFn: func(obj T) []Request {
				m := obj.GetObjectMeta()
				return []Request{{Namespace: m.Namespace, Name: m.Name}}
			}}, nil
		})
	})
}

// Owns makes events of T objects queue their controlling owner: the owner
// reference with controller=true whose group and kind are the For kind's
// (any version). It needs For.
func Owns[T meta.Object](preds ...Predicate[T]) Option {
	return optionFunc(func(b *Builder) {
		k, err := KindOf[T](b.mgr)
		if err != nil {
			b.errs = append(b.errs, err)
			return
		}
		b.specs = append(b.specs, func(b *Builder) (Source, error) {
			owner := b.forKind
			if owner == nil {
				return nil, fmt.Errorf("Owns[%s] needs For: it queues the owner of the For kind", k.GVK().Kind)
			}
			group, kind := owner.GVK().Group, owner.GVK().Kind
			return &kindSource[T]{kind: k, preds: preds, mapFn: func(obj T) []Request {
				m := obj.GetObjectMeta()
				ref := meta.GetControllerOf(m)
				if ref == nil || ref.Kind != kind || meta.ParseGroupVersion(ref.APIVersion).Group != group {
					return nil
				}
				ns := m.Namespace
				if !owner.Namespaced() {
					ns = ""
				}
				return []Request{{Namespace: ns, Name: ref.Name}}
			}}, nil
		})
	})
}

// Watches makes events of T objects queue the requests fn returns.
func Watches[T meta.Object](fn MapFunc[T], preds ...Predicate[T]) Option {
	return optionFunc(func(b *Builder) {
		k, err := KindOf[T](b.mgr)
		if err != nil {
			b.errs = append(b.errs, err)
			return
		}
		if fn == nil {
			b.errs = append(b.errs, fmt.Errorf("Watches[%s]: nil map function", k.GVK().Kind))
			return
		}
		b.specs = append(b.specs, func(*Builder) (Source, error) {
			return &kindSource[T]{kind: k, preds: preds, mapFn: fn}, nil
		})
	})
}

// WatchesKind is Watches for a kind known only at run time (every kind of
// the registry, say). Objects are k's own Go values.
func WatchesKind(k *registry.Kind, fn MapFunc[meta.Object], preds ...Predicate[meta.Object]) Option {
	return optionFunc(func(b *Builder) {
		if k == nil || fn == nil {
			b.errs = append(b.errs, errors.New("WatchesKind needs a kind and a map function"))
			return
		}
		b.specs = append(b.specs, func(*Builder) (Source, error) {
			return &kindSource[meta.Object]{kind: k, preds: preds, mapFn: fn}, nil
		})
	})
}

// WatchesSource adds a custom Source.
func WatchesSource(s Source) Option {
	return optionFunc(func(b *Builder) {
		if s == nil {
			b.errs = append(b.errs, errors.New("WatchesSource: nil source"))
			return
		}
		b.specs = append(b.specs, func(*Builder) (Source, error) { return s, nil })
	})
}

// Concurrency sets the number of workers (requests reconciled at once).
// Default 1.
func Concurrency(n int) Option {
	return optionFunc(func(b *Builder) {
		if n < 1 {
			b.errs = append(b.errs, fmt.Errorf("Concurrency(%d): want at least 1", n))
			return
		}
		b.workers = n
	})
}

// WithRateLimiter sets the back-off of failed requests. Default
// workqueue.DefaultRateLimiter (5 ms doubling to 1000 s per request, 10
// qps with a burst of 100 overall).
func WithRateLimiter(rl workqueue.RateLimiter[Request]) Option {
	return optionFunc(func(b *Builder) { b.rateLimiter = rl })
}

// kindSource maps the events of one kind's shared informer to requests.
type kindSource[T meta.Object] struct {
	kind  *registry.Kind
	preds []Predicate[T]
	mapFn MapFunc[T]
	inf   *client.Informer[meta.Object]
}

func (s *kindSource[T]) Register(mgr *Manager, q Queue) error {
	s.inf = mgr.InformerForKind(s.kind)
	s.inf.AddEventHandler(client.HandlerFuncs[meta.Object]{
		AddFunc: func(o meta.Object, _ bool) {
			if obj, ok := o.(T); ok && s.create(obj) {
				s.enqueue(q, s.mapFn(obj))
			}
		},
		UpdateFunc: func(oldO, newO meta.Object) {
			old, ok1 := oldO.(T)
			obj, ok2 := newO.(T)
			if !ok1 || !ok2 {
				return
			}
			for _, p := range s.preds {
				if p.Update != nil && !p.Update(old, obj) {
					return
				}
			}
			reqs := s.mapFn(obj)
			if oldO != newO {
				reqs = append(reqs, s.mapFn(old)...)
			}
			s.enqueue(q, reqs)
		},
		DeleteFunc: func(o meta.Object) {
			obj, ok := o.(T)
			if !ok {
				return
			}
			for _, p := range s.preds {
				if p.Delete != nil && !p.Delete(obj) {
					return
				}
			}
			s.enqueue(q, s.mapFn(obj))
		},
	})
	return nil
}

func (s *kindSource[T]) create(obj T) bool {
	for _, p := range s.preds {
		if p.Create != nil && !p.Create(obj) {
			return false
		}
	}
	return true
}

func (s *kindSource[T]) enqueue(q Queue, reqs []Request) {
	switch len(reqs) {
	case 0:
	case 1:
		q.Add(reqs[0])
	default:
		seen := make(map[Request]bool, len(reqs))
		for _, r := range reqs {
			if !seen[r] {
				seen[r] = true
				q.Add(r)
			}
		}
	}
}

func (s *kindSource[T]) HasSynced() bool { return s.inf != nil && s.inf.HasSynced() }

func (s *kindSource[T]) Replay(q Queue) {
	for _, o := range s.inf.List(nil) {
		if obj, ok := o.(T); ok && s.create(obj) {
			s.enqueue(q, s.mapFn(obj))
		}
	}
}
