// The tests start, kill and pause real worker processes and measure how fast the survivors take over: run them one
// at a time, so one test's processes never slow another's recovery on a two-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
