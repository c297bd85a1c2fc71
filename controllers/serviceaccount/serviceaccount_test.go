package serviceaccount_test

import (
	"context"
	"testing"
	"time"

	"github.com/gantryhq/gantry/controllers"
	"github.com/gantryhq/gantry/controllers/internal/controllertest"
	"github.com/gantryhq/gantry/controllers/serviceaccount"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/client"
)

const wait = 20 * time.Second

func TestDefaultServiceAccount(t *testing.T) {
	controllertest.CheckGoroutines(t)
	env := controllertest.NewEnv(t, nil)
	ctx := context.Background()
	env.StartManager(t, func(mgr *controllers.Manager) error {
		return serviceaccount.Add(mgr, serviceaccount.Config{ServiceAccounts: []string{"default", "builder"}})
	})
	sas := client.For[*corev1.ServiceAccount](env.Client)
	exists := func(ns, name string) func() error {
		return func() error {
			_, err := sas.Namespace(ns).Get(ctx, name)
			return err
		}
	}
	// Namespaces that existed before the controller started get them.
	controllertest.Eventually(t, wait, exists("default", "default"))
	controllertest.Eventually(t, wait, exists("kube-system", "builder"))

	// So do new ones.
	if _, err := client.For[*corev1.Namespace](env.Client).Create(ctx, &corev1.Namespace{ObjectMeta: meta.ObjectMeta{Name: "team-a"}}, client.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	controllertest.Eventually(t, wait, exists("team-a", "default"))

	// A deleted account comes back (with a new UID).
	old, err := sas.Namespace("team-a").Get(ctx, "default")
	if err != nil {
		t.Fatal(err)
	}
	if err := sas.Namespace("team-a").Delete(ctx, "default", nil); err != nil {
		t.Fatal(err)
	}
	controllertest.Eventually(t, wait, func() error {
		sa, err := sas.Namespace("team-a").Get(ctx, "default")
		if err != nil {
			return err
		}
		if sa.UID == old.UID {
			return errStr("not recreated yet")
		}
		return nil
	})
}

type errStr string

func (e errStr) Error() string { return string(e) }
