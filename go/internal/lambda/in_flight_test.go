package lambda

import (
	"testing"
	"time"
)

func TestInFlightWaitLimit(t *testing.T) {
	now := time.Unix(1000, 0)
	grace := 2 * time.Second
	tests := []struct {
		name      string
		deadlines map[string]time.Time
		want      time.Duration
		wantOK    bool
	}{
		{"none in flight", map[string]time.Time{}, grace, true},
		{"the last deadline counts", map[string]time.Time{"a": now.Add(time.Second), "b": now.Add(5 * time.Second)}, 7 * time.Second, true},
		{"all past their deadlines", map[string]time.Time{"a": now.Add(-10 * time.Second)}, -8 * time.Second, true},
		{"one without a deadline", map[string]time.Time{"a": now.Add(time.Second), "b": {}}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newInFlight()
			for id, deadline := range tt.deadlines {
				f.add(id, deadline)
			}
			got, ok := f.waitLimit(now, grace)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("got %v, %v; want %v, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestInFlightDrain(t *testing.T) {
	f := newInFlight()
	f.add("finishing", time.Now().Add(time.Hour))
	f.add("stuck", time.Now().Add(50*time.Millisecond))
	time.AfterFunc(20*time.Millisecond, func() { f.remove("finishing") })
	started := time.Now()
	abandoned := f.drain(make(chan struct{}), 10*time.Millisecond)
	if len(abandoned) != 1 || abandoned[0] != "stuck" {
		t.Errorf("abandoned %v; want [stuck]", abandoned)
	}
	if took := time.Since(started); took > 5*time.Second {
		t.Errorf("drain took %v, not until stuck's deadline (50 ms) and the grace", took)
	}

	done := make(chan struct{})
	close(done)
	f.add("long", time.Now().Add(time.Hour))
	if abandoned := f.drain(done, time.Second); abandoned != nil {
		t.Errorf("with the loops done, drain abandoned %v", abandoned)
	}
}
