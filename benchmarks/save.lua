-- One wrk thread per connection: GET a step page, then POST it back with its token and
-- version number (action "save"), each thread on a screening of its own.
local counter = 0
local threads = {}

function setup(thread)
  counter = counter + 1
  thread:set("number", counter)
  table.insert(threads, thread)
end

function init(args)
  local ids = {}
  for id in string.gmatch(args[1], "[^,]+") do table.insert(ids, id) end
  path = string.gsub(args[2], "{id}", ids[(number - 1) % #ids + 1])
  cookie = args[3]
  field = args[4]
  value = args[5]
  post_next = false
  body = nil
end

function request()
  if post_next and body then
    return wrk.format("POST", path, {["Cookie"] = cookie,
      ["Content-Type"] = "application/x-www-form-urlencoded"}, body)
  end
  return wrk.format("GET", path, {["Cookie"] = cookie})
end

function response(status, headers, page)
  if post_next then
    post_next = false
    return
  end
  local token = string.match(page, 'name="csrf_token"[^>]*value="([^"]+)"')
  local lock = string.match(page, 'name="lock_version"[^>]*value="([^"]*)"')
  local hidden = string.match(page, 'name="hidden_items"[^>]*value="([^"]*)"') or ""
  if token and lock then
    body = "csrf_token=" .. token .. "&lock_version=" .. lock .. "&hidden_items=" ..
      string.gsub(hidden, " ", "+") .. "&action=save&note=&" .. field .. "=" .. value
    post_next = true
  end
end
