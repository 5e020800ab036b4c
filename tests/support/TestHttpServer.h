#pragma once
// Filled by the HTTP executor work: an in-process loopback server for network tests.
