--- codeward for Neovim: starts `codeward lsp` for the languages it analyses and adds the
--- `:CodewardScanWorkspace` and `:CodewardFixAll` commands. It does no analysis itself;
--- diagnostics, quick fixes and hovers are Neovim's built-in LSP features fed by the server.
---
--- On Neovim 0.11+ the server is declared with `vim.lsp.config` and turned on with
--- `vim.lsp.enable`; older versions (0.8 to 0.10) get a FileType autocommand that calls
--- `vim.lsp.start`. Settings travel as `initializationOptions`, and `update_settings`
--- sends changed ones with `workspace/didChangeConfiguration`.

local M = {}

M.name = 'codeward'

--- The options of `setup`, with their defaults.
M.defaults = {
  --- The binary, looked up on PATH unless it is a path. Ignored when `cmd` is given.
  path = 'codeward',
  --- The full command; defaults to `{ path, 'lsp' }`.
  cmd = nil,
  filetypes = { 'python', 'javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'java', 'go' },
  root_markers = { '.codeward.toml', '.git' },
  --- The server's settings: `debounceMs`, `maxFileSize`, `minSeverity`,
  --- `rules = { disable = {...}, severity = { [id] = level } }`, `extraRules = {...}`,
  --- `sync = { enabled = true, uploadSource = false }` (left out: the root's `.codeward.toml`
  --- `[sync]` table decides). Keys left out keep the server's defaults.
  settings = {},
  --- Passed through to the client, as for any LSP configuration.
  on_attach = nil,
  capabilities = nil,
}

--- The options `setup` was last called with, merged over the defaults.
M.options = vim.deepcopy(M.defaults)

local function has_native_config()
  return vim.fn.has('nvim-0.11') == 1 and type(vim.lsp.config) == 'table' and type(vim.lsp.enable) == 'function'
end

--- An empty Lua table would be sent as a JSON array; the server wants objects.
local function settings_json(settings)
  local copy = vim.deepcopy(settings or {})
  if vim.tbl_isempty(copy) then
    return vim.empty_dict()
  end
  if type(copy.sync) == 'table' and vim.tbl_isempty(copy.sync) then
    copy.sync = vim.empty_dict()
  end
  if type(copy.rules) == 'table' then
    if copy.rules.severity ~= nil and vim.tbl_isempty(copy.rules.severity) then
      copy.rules.severity = vim.empty_dict()
    end
  end
  return copy
end

--- The LSP client configuration for `opts` (as in `vim.lsp.config`).
function M.client_config(opts)
  local config = {
    cmd = opts.cmd or { opts.path, 'lsp' },
    filetypes = opts.filetypes,
    root_markers = opts.root_markers,
    init_options = settings_json(opts.settings),
  }
  if opts.on_attach then
    config.on_attach = opts.on_attach
  end
  if opts.capabilities then
    config.capabilities = opts.capabilities
  end
  return config
end

--- The running codeward clients, optionally only those attached to `bufnr`.
function M.clients(bufnr)
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  return get({ name = M.name, bufnr = bufnr })
end

-- Client methods became `client:request(...)` in 0.11; older versions use `client.request(...)`.
local function request(client, method, params, handler, bufnr)
  if vim.fn.has('nvim-0.11') == 1 then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end

local function notify_server(client, method, params)
  if vim.fn.has('nvim-0.11') == 1 then
    return client:notify(method, params)
  end
  return client.notify(method, params)
end

local function root_dir(bufnr, markers)
  if vim.fs.root then
    return vim.fs.root(bufnr, markers)
  end
  local name = vim.api.nvim_buf_get_name(bufnr)
  local found = vim.fs.find(markers, { upward = true, path = vim.fs.dirname(name) })[1]
  return found and vim.fs.dirname(found) or nil
end

local function start_with_autocmd(config)
  local group = vim.api.nvim_create_augroup('codeward', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = config.filetypes,
    callback = function(event)
      if vim.bo[event.buf].buftype ~= '' then
        return
      end
      local start = vim.tbl_extend('force', config, {
        name = M.name,
        root_dir = root_dir(event.buf, config.root_markers),
      })
      start.filetypes = nil
      start.root_markers = nil
      vim.lsp.start(start, { bufnr = event.buf })
    end,
  })
end

--- `:CodewardScanWorkspace`: scans every workspace folder; findings in files that are not
--- open arrive as diagnostics, and a summary is shown when the scan ends.
function M.scan_workspace()
  local clients = M.clients()
  if #clients == 0 then
    vim.notify('codeward: the language server is not running (open a supported file first)', vim.log.levels.ERROR)
    return
  end
  for _, client in ipairs(clients) do
    request(client, 'workspace/executeCommand', { command = 'codeward.scanWorkspace', arguments = {} }, function(err, result)
      if err then
        vim.notify('codeward: scan failed: ' .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
        return
      end
      local files = type(result) == 'table' and result.files or '?'
      local findings = type(result) == 'table' and result.findings or '?'
      vim.notify(('codeward: %s finding(s) in %s file(s)'):format(findings, files), vim.log.levels.INFO)
    end)
  end
end

--- `:CodewardFixAll`: applies the fix of every finding in the current buffer.
function M.fix_all()
  vim.lsp.buf.code_action({ context = { only = { 'source.fixAll.codeward' }, diagnostics = {} }, apply = true })
end

--- Replaces the settings and sends them to running servers; later starts use them too.
function M.update_settings(settings)
  M.options.settings = settings or {}
  local payload = settings_json(M.options.settings)
  if has_native_config() then
    vim.lsp.config(M.name, { init_options = payload })
  end
  for _, client in ipairs(M.clients()) do
    notify_server(client, 'workspace/didChangeConfiguration', { settings = { codeward = payload } })
  end
end

local function create_commands()
  vim.api.nvim_create_user_command('CodewardScanWorkspace', M.scan_workspace, {
    desc = 'codeward: scan the workspace folders',
  })
  vim.api.nvim_create_user_command('CodewardFixAll', M.fix_all, {
    desc = 'codeward: fix every finding in this buffer',
  })
end

--- Declares and enables the codeward language server. Calling it again replaces the options.
function M.setup(opts)
  -- A shallow merge: a list or settings table given replaces the default whole.
  M.options = vim.deepcopy(M.defaults)
  for key, value in pairs(opts or {}) do
    M.options[key] = value
  end
  local config = M.client_config(M.options)
  if has_native_config() then
    vim.lsp.config(M.name, config)
    vim.lsp.enable(M.name)
  else
    start_with_autocmd(config)
  end
  create_commands()
end

return M
