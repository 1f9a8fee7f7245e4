package memlimit

// Headroom is how much of an instance's memory Go's limit leaves out: a
// quarter of a small instance, at most 64 MiB, and a tenth of a large one.
//
//	128 MiB -> 32 MiB (limit 96 MiB)     512 MiB -> 64 MiB (448 MiB)
//	256 MiB -> 64 MiB (192 MiB)          2 GiB -> 204.8 MiB (1843.2 MiB)
//
// What it covers, measured with the function of test/fixtures/churn (150
// MiB live, 800 MiB written and dropped per request) on 2 cores: the peak
// resident memory (VmHWM) passes Go's limit by up to 23-35 MiB when the
// allocator outruns the collector's concurrent mark (with the cores busy
// elsewhere, the mark takes longer and the heap grows meanwhile; on one
// core it did not pass the limit at all), and a few MiB are not Go's heap
// at all (the binary's code, the kernel's and the runtime's own). 64 MiB is
// also what Cloud Functions keeps out of Node.js's heap on every instance
// size (NodeHeadroomMiB). Beyond 640 MiB a tenth is more, as a faster
// allocator on a bigger instance overshoots more.
func Headroom(instance int64) int64 {
	const most = 64 << 20
	headroom := min(instance/4, most)
	return max(headroom, instance/10)
}
