// Amazon Data Firehose reading a stream (consumers[] type "firehose", issue 16; pipeline.md §4.1).
// Firehose is a shared-throughput GetRecords consumer: it "calls the Kinesis Streams GetRecords
// operation once per second for each shard", from LATEST, and its calls count against the shard's
// 5 calls/s and 2 MiB/s like any other app's. The simulation runs it as a polling app with those
// settings (models/polling_app.hpp) whose records go into this delivery stream's buffer. The
// buffer is delivered when it holds buffer_size bytes or its oldest record entered it
// buffer_interval ago, "the first buffer condition that is satisfied triggers"; an optional
// transformation Lambda runs on each delivered batch; the destination write takes
// delivery_latency.
#ifndef KDS_MODELS_FIREHOSE_DELIVERY_STREAM_HPP_
#define KDS_MODELS_FIREHOSE_DELIVERY_STREAM_HPP_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace kds::models {

// BufferingHints (API): SizeInMBs 1-128, default 5; IntervalInSeconds 0-900, default 300.
constexpr double kFirehoseMinBufferMiB = 1, kFirehoseMaxBufferMiB = 128;
constexpr double kFirehoseMaxBufferIntervalS = 900;

struct FirehoseSpec {
  double buffer_size_bytes = 5.0 * 1024 * 1024;  // SizeInMBs (MiB). Default: 5
  double buffer_interval_s = 300;                // IntervalInSeconds. Default: 300
  // Writing a batch to the destination (S3 PutObject); not documented, a choice. Default: 1 s.
  double delivery_latency_s = 1.0;
  // The data-transformation Lambda: Firehose hands it the delivered batch in pieces of at most
  // transform_buffer_bytes (its buffer, 1-3 MiB, default 1 MiB; pipeline.md §4.1), invoked in
  // parallel.
  bool transform = false;
  double transform_buffer_bytes = 1024.0 * 1024;
  double transform_per_invoke_s = 0;
  double transform_per_record_s = 0;
  int transform_memory_mb = 128;
};

// What the delivery stream did (summary.json consumers[].firehose).
struct FirehoseResult {
  int64_t delivered_records = 0;
  double delivered_bytes = 0;
  int64_t deliveries = 0;
  // Ingestion as billed: each record rounded up to 5 KB (5,120 bytes) (pipeline.md §3), from the
  // producers' size distributions weighted by their peak rates.
  double billed_ingest_bytes = 0;
  double max_data_freshness_s = 0;
  int64_t buffered_records_at_end = 0;  // received, not yet delivered when the run ended
  // The transformation Lambda: invocations and their billed duration (1 ms steps) x memory.
  int64_t transform_invocations = 0;
  double transform_gb_s = 0;
  // Per report period: DeliveryToS3.DataFreshness (seconds, the period's maximum; -1 before the
  // first record arrived), DeliveryToS3.Records and DeliveryToS3.Bytes.
  std::vector<double> data_freshness_s, delivered_records_by_period, delivered_bytes_by_period;
};

class FirehoseDeliveryStream {
 public:
  // billed_bytes_per_record: a record's ingestion as billed, each record rounded up to 5 KB, on
  // average over the producers' size distributions (firehose_billed_bytes_per_record).
  // REQUIRES: result outlives it.
  FirehoseDeliveryStream(const FirehoseSpec& spec, FirehoseResult& result, double interval_s,
                         size_t periods, double billed_bytes_per_record);

  // Records read from the stream reach the buffer at t_s: `records` of `bytes`, which arrived in
  // the stream between first_arrival_s and last_arrival_s. REQUIRES: t_s does not decrease.
  void receive(double t_s, int64_t records, double bytes, double first_arrival_s);

  // Delivers what the interval says is due by end_s and fills the per-period series.
  void finish(double end_s);

 private:
  struct Batch {
    double opened_s = 0;         // its first record entered the buffer
    double oldest_arrival_s = 0;  // the oldest record's arrival in the stream
    double delivered_s = 0;       // 0 while buffered
    int64_t records = 0;
    double bytes = 0;
  };
  void flush(double at_s);
  void flush_due(double t_s);

  FirehoseSpec spec_;
  FirehoseResult& result_;
  double interval_s_;
  size_t periods_;
  double billed_bytes_per_record_;
  std::vector<Batch> batches_;  // delivered ones, then the open buffer (if any) last
  bool open_ = false;
};

struct Scenario;
// A record's billed ingestion in bytes: the mean over the producer groups (weighted by their peak
// rates) of each group's mean of ceil(data bytes / rounding) x rounding.
double firehose_billed_bytes_per_record(const Scenario& scenario);

}  // namespace kds::models

#endif  // KDS_MODELS_FIREHOSE_DELIVERY_STREAM_HPP_
