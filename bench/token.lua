-- wrk script: client_credentials token requests; counts answers that are not 200.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "grant_type=client_credentials&client_id=bench&client_secret=bench-secret"

local failed = 0
function response(status, headers, body)
  if status ~= 200 then failed = failed + 1 end
end

function done(summary, latency, requests)
  io.write(string.format("BENCH requests=%d errors=%d non200_one_thread=%d\n",
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout, failed))
end
