package bolt_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	storebolt "github.com/gantryhq/gantry/store/bolt"
)

// crashEnv switches the test binary into the crash child: the writer that
// the parent kills.
const crashEnv = "GANTRY_STORE_CRASH_CHILD"

func crashValue(key string, gen int) []byte {
	return []byte(strings.Repeat(fmt.Sprintf("%s gen %d;", key, gen), 8))
}

// TestCrashSafety runs a child process writing through the store with many
// concurrent writers, printing every write as it is acknowledged, kills it
// with SIGKILL mid-load, and checks that every acknowledged write survived.
func TestCrashSafety(t *testing.T) {
	if path := os.Getenv(crashEnv); path != "" {
		crashChild(path)
		return
	}
	if testing.Short() {
		t.Skip("starts a child process")
	}
	path := filepath.Join(t.TempDir(), "store.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashSafety$")
	cmd.Env = append(os.Environ(), crashEnv+"="+path)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	type ack struct {
		rev int64
		gen int
	}
	acked := map[string]ack{}
	var maxRev int64
	killed := false
	start := time.Now()
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 4 || f[0] != "ack" {
			continue
		}
		rev, err1 := strconv.ParseInt(f[2], 10, 64)
		gen, err2 := strconv.Atoi(f[3])
		if err1 != nil || err2 != nil {
			t.Fatalf("bad line %q", sc.Text())
		}
		if a, ok := acked[f[1]]; !ok || rev > a.rev {
			acked[f[1]] = ack{rev, gen}
		}
		maxRev = max(maxRev, rev)
		if !killed && (len(acked) >= 3000 || time.Since(start) > 10*time.Second) {
			cmd.Process.Signal(syscall.SIGKILL)
			killed = true
		}
	}
	cmd.Wait()
	if !killed {
		t.Fatalf("the child ended before it was killed, after %d acknowledged keys", len(acked))
	}
	if len(acked) == 0 {
		t.Fatal("no write was acknowledged")
	}
	db, err := storebolt.Open(path, storebolt.Options{})
	if err != nil {
		t.Fatalf("reopen after the crash: %v", err)
	}
	defer db.Close()
	ctx := context.Background()
	if err := db.Check(ctx); err != nil {
		t.Fatalf("Check after the crash: %v", err)
	}
	if rev, _ := db.CurrentRevision(ctx); rev < maxRev {
		t.Errorf("revision after the crash %d < largest acknowledged %d", rev, maxRev)
	}
	lost := 0
	for key, a := range acked {
		kv, err := db.Get(ctx, key)
		switch {
		case err != nil:
			t.Errorf("acknowledged key %q (revision %d): %v", key, a.rev, err)
		case kv.ModRevision == a.rev && string(kv.Value) == string(crashValue(key, a.gen)):
		case kv.ModRevision > a.rev && a.gen == 0 && string(kv.Value) == string(crashValue(key, 1)):
			// The update was committed but killed before it was printed.
		default:
			t.Errorf("key %q: ModRevision %d value %.40q..., acknowledged revision %d gen %d", key, kv.ModRevision, kv.Value, a.rev, a.gen)
		}
		if err != nil {
			lost++
		}
	}
	t.Logf("checked %d acknowledged keys (largest revision %d), %d lost", len(acked), maxRev, lost)
}

// crashChild writes until killed: each of 32 writers creates keys and
// updates each once, printing every acknowledged write.
func crashChild(path string) {
	db, err := storebolt.Open(path, storebolt.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var mu sync.Mutex
	print := func(key string, rev int64, gen int) {
		mu.Lock()
		fmt.Fprintf(os.Stdout, "ack %s %d %d\n", key, rev, gen)
		mu.Unlock()
	}
	ctx := context.Background()
	var wg sync.WaitGroup
	for w := range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				key := fmt.Sprintf("/crash/%02d/%06d", w, i)
				rev, err := db.Create(ctx, key, crashValue(key, 0))
				if err != nil {
					fmt.Fprintln(os.Stderr, err)
					os.Exit(2)
				}
				print(key, rev, 0)
				rev, err = db.Update(ctx, key, crashValue(key, 1), rev)
				if err != nil {
					fmt.Fprintln(os.Stderr, err)
					os.Exit(2)
				}
				print(key, rev, 1)
			}
		}()
	}
	wg.Wait()
}
