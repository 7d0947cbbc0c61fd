-- wrk script: direct-grant (password) token requests of the user "bench"; counts answers that are not 200.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "grant_type=password&client_id=bench&username=bench&password=bench-pass"

local failed = 0
function response(status, headers, body)
  if status ~= 200 then failed = failed + 1 end
end
