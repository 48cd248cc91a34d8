-- End-to-end: a real headless Neovim 0.11 with editors/neovim and the real `codeward lsp`.
-- Opens a Python file with a weak hash, waits for codeward's (pulled) diagnostic, applies the
-- preferred quick fix with vim.lsp.buf.code_action, and checks the exact buffer text; then
-- runs :CodewardScanWorkspace. Every wait is on a condition with a limit, and a global timer
-- ends Neovim with a message if anything hangs. Run through run.sh, which sets:
--   CODEWARD_BIN          the codeward binary
--   CODEWARD_NVIM_PLUGIN  editors/neovim
--   CODEWARD_WORKSPACE    an empty temporary folder

local RULE = 'python-weak-hash-md5-sha1'
local WAIT_MS = 30000
local GLOBAL_TIMEOUT_MS = 120000

local passed, failed = 0, 0

local function out(line)
  io.stdout:write(line .. '\n')
  io.stdout:flush()
end

local function finish(code)
  out(('%d passed, %d failed'):format(passed, failed))
  for _, client in ipairs(vim.lsp.get_clients({ name = 'codeward' })) do
    client:stop(true)
  end
  vim.cmd((code == 0 and 'qall!') or ('cquit ' .. code))
end

local function fail(message)
  failed = failed + 1
  io.stderr:write('FAIL: ' .. message .. '\n')
  finish(1)
  error('unreachable: cquit did not exit', 0)
end

local function check(name, ok, detail)
  if not ok then
    fail(name .. (detail and (': ' .. detail) or ''))
  end
  passed = passed + 1
  out('ok - ' .. name)
end

local function equal(name, actual, expected)
  check(name, vim.deep_equal(actual, expected), ('expected %s, got %s'):format(vim.inspect(expected), vim.inspect(actual)))
end

--- Waits until `condition()` returns a truthy value and returns it; fails naming `what`.
local function wait_for(what, condition)
  local value
  local ok = vim.wait(WAIT_MS, function()
    value = condition()
    return value and true or false
  end, 20)
  if not ok then
    fail(('timed out after %d ms waiting for %s'):format(WAIT_MS, what))
  end
  return value
end

local function write_file(path, lines)
  vim.fn.mkdir(vim.fs.dirname(path), 'p')
  vim.fn.writefile(lines, path)
end

local function main()
  local bin = assert(vim.env.CODEWARD_BIN, 'CODEWARD_BIN is not set')
  local plugin = assert(vim.env.CODEWARD_NVIM_PLUGIN, 'CODEWARD_NVIM_PLUGIN is not set')
  local workspace = assert(vim.env.CODEWARD_WORKSPACE, 'CODEWARD_WORKSPACE is not set')
  check('Neovim is 0.11 or newer', vim.fn.has('nvim-0.11') == 1, tostring(vim.version()))

  -- The emoji is 4 bytes in UTF-8 and 2 units in UTF-16: the columns below only come out
  -- right if client and server agree on the negotiated encoding.
  local original = {
    'import hashlib',
    '',
    '',
    'def fingerprint(data):',
    '    salt = "🔒"; digest = hashlib.md5(salt.encode() + data)',
    '    return digest.hexdigest()',
  }
  local fixed = vim.deepcopy(original)
  fixed[5] = '    salt = "🔒"; digest = hashlib.sha256(salt.encode() + data)'
  vim.fn.mkdir(workspace .. '/.git', 'p')
  local app = workspace .. '/app.py'
  local legacy = workspace .. '/legacy/old.py'
  write_file(app, original)
  write_file(legacy, { 'import hashlib', 'h = hashlib.sha1(b"x")' })

  vim.opt.rtp:prepend(plugin)
  require('codeward').setup({ cmd = { bin, 'lsp' }, settings = { debounceMs = 0 } })
  vim.cmd.edit(vim.fn.fnameescape(app))
  local buf = vim.api.nvim_get_current_buf()
  equal('the buffer is Python', vim.bo[buf].filetype, 'python')

  local client = wait_for('codeward to attach', function()
    return vim.lsp.get_clients({ bufnr = buf, name = 'codeward' })[1]
  end)
  wait_for('codeward to initialize', function()
    return client.initialized
  end)
  equal('root is the folder with .git', client.root_dir, workspace)
  equal('the server chose UTF-8 from what Neovim offers', client.offset_encoding, 'utf-8')
  check('the server answered with pull diagnostics', client.server_capabilities.diagnosticProvider ~= nil)

  local diagnostics = wait_for('a codeward diagnostic in ' .. app, function()
    local found = vim.diagnostic.get(buf)
    return #found > 0 and found or nil
  end)
  local shown = vim.tbl_map(function(d)
    return { lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col, code = d.code, source = d.source, severity = d.severity }
  end, diagnostics)
  equal('exactly one diagnostic, on the md5 call, in byte columns', shown, {
    { lnum = 4, col = 28, end_lnum = 4, end_col = 61, code = RULE, source = 'codeward', severity = vim.diagnostic.severity.WARN },
  })
  local pulled = vim.diagnostic.get(buf, { namespace = vim.lsp.diagnostic.get_namespace(client.id, true) })
  equal('the diagnostic came from a pull, not a push', #pulled, 1)

  vim.api.nvim_win_set_cursor(0, { 5, 28 })
  local offered = {}
  vim.lsp.buf.code_action({
    apply = true,
    filter = function(action)
      table.insert(offered, action.title)
      return action.isPreferred == true
    end,
  })
  wait_for('the quick fix to change line 5', function()
    return vim.api.nvim_buf_get_lines(buf, 4, 5, true)[1] ~= original[5]
  end)
  equal('codeward offered the fix and the suppression', offered, { 'Use hashlib.sha256', 'Suppress ' .. RULE .. ' on this line' })
  equal('the buffer text after the preferred fix', vim.api.nvim_buf_get_lines(buf, 0, -1, true), fixed)

  wait_for('the diagnostic to go away after the fix', function()
    return #vim.diagnostic.get(buf) == 0
  end)
  passed = passed + 1
  out('ok - the fixed buffer has no diagnostics')

  local messages = {}
  vim.notify = function(message)
    table.insert(messages, message)
  end
  vim.cmd('CodewardScanWorkspace')
  wait_for(':CodewardScanWorkspace to report', function()
    return #messages > 0
  end)
  -- app.py is open, so the scan skips it; the summary counts the files it walked.
  equal('the scan summary', messages, { 'codeward: 1 finding(s) in 2 file(s)' })
  local legacy_buf = vim.fn.bufadd(legacy)
  local legacy_diagnostics = wait_for('the scan diagnostic for legacy/old.py', function()
    local found = vim.diagnostic.get(legacy_buf)
    return #found > 0 and found or nil
  end)
  equal(
    'the scan flagged hashlib.sha1 in the unopened file',
    vim.tbl_map(function(d)
      return { d.lnum, d.col, d.code }
    end, legacy_diagnostics),
    { { 1, 4, RULE } }
  )
  finish(0)
end

local timer = vim.uv.new_timer()
timer:start(GLOBAL_TIMEOUT_MS, 0, vim.schedule_wrap(function()
  io.stderr:write(('FAIL: global timeout of %d ms reached\n'):format(GLOBAL_TIMEOUT_MS))
  failed = failed + 1
  finish(1)
end))

local ok, err = xpcall(main, debug.traceback)
if not ok then
  io.stderr:write('FAIL: ' .. tostring(err) .. '\n')
  failed = failed + 1
  finish(1)
end
