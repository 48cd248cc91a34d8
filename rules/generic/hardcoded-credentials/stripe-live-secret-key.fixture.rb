require "stripe"

# ruleid: stripe-live-secret-key
Stripe.api_key = "sk_live_4eC39FAKEr7Lq2Wx9Nv5Tz8Kc3Rb6Hm1Ps"
# ok: stripe-live-secret-key
Stripe.api_key = ENV.fetch("STRIPE_SECRET_KEY")
