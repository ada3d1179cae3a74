/*
 * The card fields of payrail.js, on Payrail's origin. The card is read here, tokenized with Payrail's vault
 * (POST /v1/payment_methods, publishable key) and the payment confirmed with its client secret
 * (POST /v1/client/payments/{id}/confirm); the page that embeds this frame is told only the outcome. Messages are
 * taken only from, and sent only to, the origin the frame was served for (its CSP frame-ancestors is that origin).
 */
(function () {
    'use strict';

    var params = new URLSearchParams(window.location.search);
    var key = params.get('key');
    var parentOrigin = params.get('origin');
    var fields = {
        name: document.getElementById('cardholder_name'),
        number: document.getElementById('card_number'),
        expiry: document.getElementById('card_expiry'),
        cvc: document.getElementById('card_cvc')
    };
    var problem = document.getElementById('problem');
    var busy = false;

    function tell(message) {
        message.source = 'payrail';
        window.parent.postMessage(message, parentOrigin);
    }

    function randomKey() {
        var bytes = new Uint8Array(16);
        window.crypto.getRandomValues(bytes);
        return Array.prototype.map.call(bytes, function (b) {
            return ('0' + b.toString(16)).slice(-2);
        }).join('');
    }

    function luhn(digits) {
        var sum = 0;
        for (var i = 0; i < digits.length; i++) {
            var d = +digits[digits.length - 1 - i];
            if (i % 2 === 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return sum % 10 === 0;
    }

    function setError(field, message) {
        var error = document.getElementById(field.id + '-error');
        if (message) {
            field.setAttribute('aria-invalid', 'true');
            field.setAttribute('aria-describedby', field.id + '-error');
            error.textContent = message;
            error.hidden = false;
        } else {
            field.removeAttribute('aria-invalid');
            field.removeAttribute('aria-describedby');
            error.textContent = '';
            error.hidden = true;
        }
    }

    /** The card as typed, or null with each field's problem shown next to it. */
    function readCard() {
        var number = fields.number.value.replace(/[\s-]/g, '');
        var expiry = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(fields.expiry.value);
        var cvc = fields.cvc.value.trim();
        var month = expiry ? +expiry[1] : 0;
        var year = expiry ? (expiry[2].length === 2 ? 2000 + +expiry[2] : +expiry[2]) : 0;
        var now = new Date();
        var amex = /^3[47]/.test(number);
        var ok = true;
        function check(field, valid, message) {
            setError(field, valid ? null : message);
            ok = ok && valid;
        }
        check(fields.name, fields.name.value.trim().length > 0, 'Enter the name on the card.');
        check(fields.number, /^\d{12,19}$/.test(number) && luhn(number), 'Your card number is incomplete or not valid.');
        check(fields.expiry, month >= 1 && month <= 12 && (year > now.getUTCFullYear()
            || (year === now.getUTCFullYear() && month >= now.getUTCMonth() + 1)), 'Enter a valid expiry date, for example 12 / 30.');
        check(fields.cvc, new RegExp('^\\d{' + (amex ? 4 : 3) + '}$').test(cvc),
            'Enter the ' + (amex ? 4 : 3) + '-digit security code from your card.');
        return ok ? {number: number, exp_month: month, exp_year: year, cvc: cvc} : null;
    }

    function post(path, body) {
        return fetch(path, {
            method: 'POST',
            credentials: 'omit',
            headers: {'Authorization': 'Bearer ' + key, 'Content-Type': 'application/json', 'Idempotency-Key': randomKey()},
            body: JSON.stringify(body)
        }).then(function (response) {
            return response.json().then(function (json) {
                return {status: response.status, json: json};
            });
        });
    }

    function fail(id, error) {
        problem.textContent = error.message;
        problem.hidden = false;
        tell({type: 'error', id: id, error: error});
    }

    function confirm(message) {
        if (busy) {
            return tell({type: 'error', id: message.id, error: {code: 'confirm_in_progress',
                message: 'This payment is being confirmed already.'}});
        }
        problem.hidden = true;
        var card = readCard();
        if (!card) {
            return fail(message.id, {code: 'validation_error', message: 'Please check the card details.'});
        }
        var paymentId = String(message.clientSecret || '').split('_secret_')[0];
        busy = true;
        post('/v1/payment_methods', {card: card, billing_details: {name: fields.name.value.trim()}}).then(function (saved) {
            if (saved.status !== 200) {
                throw saved.json.error || {code: 'tokenization_failed', message: 'The card could not be saved.'};
            }
            var body = {client_secret: message.clientSecret, payment_method: saved.json.id};
            if (message.returnUrl) {
                body.return_url = message.returnUrl;
            }
            return post('/v1/client/payments/' + encodeURIComponent(paymentId) + '/confirm', body);
        }).then(function (confirmed) {
            // the number and the code are not kept on screen once sent
            fields.number.value = '';
            fields.cvc.value = '';
            if (confirmed.status === 200) {
                tell({type: 'result', id: message.id, payment: confirmed.json});
            } else {
                var error = confirmed.json.error || {};
                fail(message.id, {code: error.code, decline_code: error.decline_code, message: error.message, param: error.param});
            }
        }).catch(function (error) {
            fail(message.id, {code: error.code || 'network_error', message: error.message
                || 'The payment could not be sent; nothing was charged. Try again.', param: error.param});
        }).then(function () {
            busy = false;
        });
    }

    window.addEventListener('message', function (event) {
        if (event.origin !== parentOrigin || event.source !== window.parent) {
            return;
        }
        var message = event.data || {};
        if (message.source === 'payrail' && message.type === 'confirm') {
            confirm(message);
        }
    });
    Object.keys(fields).forEach(function (name) {
        fields[name].addEventListener('input', function () {
            tell({type: 'change', complete: Object.keys(fields).every(function (n) {
                return fields[n].value.trim().length > 0;
            })});
        });
    });
    tell({type: 'ready'});
    tell({type: 'resize', height: document.documentElement.scrollHeight});
})();
