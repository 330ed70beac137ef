// Exporter hosts in one process would see each other's meters (the SDK listens by meter name), and the
// simulator-driven tests are timing-sensitive on a 2-core machine: run test classes one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
